package org.coprod.model;

import java.io.Serializable;

/** One design row in the compact form the fitters iterate over in cached partitions. */
record LogitRow(double[] x, double successes, double trials, double weight, String cluster) implements Serializable {}
