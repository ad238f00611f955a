package org.coprod.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a random-intercept likelihood is evaluated: fixed effects, log sigma, number of
 * adaptive Gauss–Hermite points (1 = Laplace) and whether the Hessian is wanted.
 *
 * @param beta fixed effects, one per design column (copied)
 * @param logSigma log of the random-intercept standard deviation; {@code -Infinity} means
 *     sigma = 0, which gives the pooled logit likelihood exactly
 * @param nAGQ 1..25, as glmer's {@code nAGQ}
 * @param withHessian whether {@link GlmmLikelihoodSum#hessian()} is computed
 */
public record EvaluationPoint(double[] beta, double logSigma, int nAGQ, boolean withHessian) implements Serializable {

  private static final long serialVersionUID = 1L;

  public EvaluationPoint {
    Objects.requireNonNull(beta, "beta is null");
    if (beta.length == 0) {
      throw new IllegalArgumentException("beta is empty (at least the intercept is needed)");
    }
    for (double b : beta) {
      if (!Double.isFinite(b)) {
        throw new IllegalArgumentException("non-finite beta: " + Arrays.toString(beta));
      }
    }
    if (Double.isNaN(logSigma) || logSigma == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("invalid logSigma: " + logSigma + " (must be finite or -Infinity)");
    }
    if (nAGQ < 1 || nAGQ > GaussHermiteRule.MAX_POINTS) {
      throw new IllegalArgumentException("invalid nAGQ: " + nAGQ + " (must be 1.." + GaussHermiteRule.MAX_POINTS + ")");
    }
    beta = beta.clone();
  }

  /** Number of parameters: the fixed effects and log sigma. */
  public int parameterCount() {
    return beta.length + 1;
  }

  @Override
  public double[] beta() {
    return beta.clone();
  }

  double[] betaView() {
    return beta;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EvaluationPoint that
        && Arrays.equals(beta, that.beta)
        && Double.compare(logSigma, that.logSigma) == 0
        && nAGQ == that.nAGQ
        && withHessian == that.withHessian;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(beta), logSigma, nAGQ, withHessian);
  }

  @Override
  public String toString() {
    return "EvaluationPoint[beta=" + Arrays.toString(beta) + ", logSigma=" + logSigma + ", nAGQ=" + nAGQ
        + ", withHessian=" + withHessian + "]";
  }
}
