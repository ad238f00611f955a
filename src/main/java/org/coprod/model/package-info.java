/**
 * Spark adapters of the models: {@link org.coprod.model.DesignMatrixBuilder} turns any table
 * and a parsed formula into a {@link org.coprod.model.DesignMatrix} (rows of y, trials,
 * weight, x, grouping and cluster columns, plus names, levels and row counts).
 */
package org.coprod.model;
