package org.coprod.stats;

/**
 * The only view a fitter has of the data: one pass over all groups that returns the summed
 * approximate log-likelihood, gradient and optionally Hessian at a point. Implementations:
 * {@link LocalGroupedLikelihood} over a list, and a Spark one (a {@code treeAggregate} of
 * {@link GlmmLikelihoodSum}) in {@code org.coprod.model}. The fitter holds only
 * parameter-size vectors, so it runs on the driver whatever the data size.
 *
 * <p>A Spark implementation is one aggregation per call, e.g. over a cached
 * {@code JavaRDD<GroupBlock>} (rows partitioned by group, one block per group):
 *
 * <pre>{@code
 * EvaluationPoint point = new EvaluationPoint(beta, logSigma, nAGQ, withHessian);
 * return blocks.treeAggregate(GlmmLikelihoodSum.zero(point),
 *     (sum, block) -> sum.add(block), GlmmLikelihoodSum::merge, depth);
 * }</pre>
 *
 * Implementations must not change the arguments, must sum every group exactly once, and
 * report through the sum (not by throwing) when a group's contribution is not finite.
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
