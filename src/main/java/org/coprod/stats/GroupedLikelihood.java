package org.coprod.stats;

/**
 * The only view a fitter has of the data: one pass over all groups that returns the summed
 * approximate log-likelihood, gradient and optionally Hessian at a point. Implementations:
 * {@link LocalGroupedLikelihood} over a list, and a Spark one (a {@code treeAggregate} of
 * {@link GlmmLikelihoodSum}) in {@code org.coprod.model}. The fitter holds only
 * parameter-size vectors, so it runs on the driver whatever the data size.
 */
public interface GroupedLikelihood {

  /**
   * Sums over all groups at {@code (beta, logSigma)}.
   *
   * @param logSigma {@code -Infinity} for sigma = 0 (the pooled logit)
   * @param nAGQ 1 (Laplace) .. 25
   */
  GlmmLikelihoodSum evaluate(double[] beta, double logSigma, int nAGQ, boolean withHessian);

  /** Number of fixed-effect columns of every block. */
  int columns();
}
