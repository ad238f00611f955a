/**
 * Pure numerics with no Spark, Scala or Hadoop import (a test keeps it so): binomial-logit
 * families, IRLS, the Laplace and adaptive Gauss–Hermite approximations of a
 * random-intercept likelihood, the optimiser and inference. Every routine works on
 * primitive arrays so that Spark adapters in {@code org.coprod.model} can run it inside
 * tasks and tests can run it on a local list.
 */
package org.coprod.stats;
