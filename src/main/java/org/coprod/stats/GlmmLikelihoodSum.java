package org.coprod.stats;

import java.io.Serializable;
import java.util.Objects;

/**
 * Mergeable sum over groups of the approximate random-intercept log-likelihood, its
 * gradient and (optionally) its Hessian with respect to {@code theta = (beta, log sigma)},
 * at one {@link EvaluationPoint}. Built for Spark's {@code treeAggregate}: start from
 * {@link #zero(EvaluationPoint)}, {@link #add(GroupBlock...)} in each partition,
 * {@link #merge(GlmmLikelihoodSum)} partial sums. It holds only the point, parameter-size
 * arrays and counts; its scratch kernel is transient and rebuilt after deserialisation.
 *
 * <p>Log-likelihood convention: always the full log-likelihood, including
 * {@code sum_i w_i log C(t_i, s_i)} (as {@code glm}'s {@code logLik} and glmer's Laplace
 * {@code logLik}). For nAGQ &gt; 1 lme4 1.1-31 reports instead the full log-likelihood minus
 * the saturated one, {@code sum_i w_i log dbinom(s_i, t_i, s_i / t_i)}, which is 0 for binary
 * data; {@link #binomialConstant()} is kept so that either figure can be derived.
 *
 * <p>Hessian: per group, central differences of the analytic group gradient, step
 * {@code 1e-4 (1 + |theta_j|)} per parameter, summed over groups (so it takes one pass). lme4
 * likewise takes its standard errors from a finite-difference Hessian of the deviance at the
 * optimum; ours differs from the analytic one by O(1e-8) relative.
 *
 * <p>Each group starts its mode search at 0; a caller that keeps modes between evaluations
 * (like {@link LocalGroupedLikelihood}) can pass them to {@link #add(GroupBlock, double)}.
 */
public final class GlmmLikelihoodSum implements Serializable {

  private static final long serialVersionUID = 1L;

  private final EvaluationPoint point;
  private double logLik;
  private double binomialConstant;
  private final double[] gradient;
  private final double[] hessian;
  private final double[] scoreOuterProducts;
  private long groups;
  private long rows;
  private long singletonGroups;
  private long nonFiniteGroups;
  private transient RandomInterceptKernel kernel;
  private transient double[] scratch;
  private transient double[] plusScratch;
  private transient double[] minusScratch;
  private transient GaussHermiteRule rule;
  private transient double[] shiftedBeta;

  private GlmmLikelihoodSum(EvaluationPoint point) {
    this.point = Objects.requireNonNull(point, "point is null");
    int d = point.parameterCount();
    this.gradient = new double[d];
    this.hessian = point.withHessian() ? new double[d * d] : null;
    this.scoreOuterProducts = point.withHessian() ? new double[d * d] : null;
  }

  /** The empty sum at a point: the zero value of an aggregation. */
  public static GlmmLikelihoodSum zero(EvaluationPoint point) {
    return new GlmmLikelihoodSum(point);
  }

  /** Adds groups (mode search from 0). Returns this, for use as an aggregation step. */
  public GlmmLikelihoodSum add(GroupBlock... blocks) {
    for (GroupBlock block : blocks) {
      add(block, 0);
    }
    return this;
  }

  /**
   * Adds one group with the mode search started at {@code modeStart} (on the u scale) and
   * returns the group's conditional mode u^ at this point (on the u = b / sigma scale).
   */
  public double add(GroupBlock block, double modeStart) {
    if (kernel == null) {
      kernel = new RandomInterceptKernel();
      scratch = new double[gradient.length];
      plusScratch = new double[gradient.length];
      minusScratch = new double[gradient.length];
      rule = GaussHermiteRule.of(point.nAGQ());
      shiftedBeta = point.beta();
    }
    double[] beta = point.betaView();
    double logSigma = point.logSigma();
    int d = gradient.length;
    double[] groupGradient = scratch;
    java.util.Arrays.fill(groupGradient, 0, d, 0.0);
    double value = kernel.evaluate(block, beta, logSigma, rule, groupGradient, modeStart);
    double mode = kernel.lastMode();
    double constant = kernel.lastBinomialConstant();
    boolean finite = Double.isFinite(value);
    for (int j = 0; j < d; j++) {
      finite &= Double.isFinite(groupGradient[j]);
    }
    if (!finite) {
      nonFiniteGroups++;
    }
    logLik += value;
    binomialConstant += constant;
    for (int j = 0; j < d; j++) {
      gradient[j] += groupGradient[j];
    }
    if (hessian != null) {
      for (int i = 0; i < d; i++) {
        double gi = groupGradient[i];
        for (int j = 0; j < d; j++) {
          scoreOuterProducts[i * d + j] += gi * groupGradient[j];
        }
      }
      addHessian(block, beta, logSigma, rule, mode);
    }
    groups++;
    rows += block.rows();
    if (block.rows() == 1) {
      singletonGroups++;
    }
    return mode;
  }

  private void addHessian(GroupBlock block, double[] beta, double logSigma, GaussHermiteRule rule, double mode) {
    int d = gradient.length;
    int p = d - 1;
    double[] plus = plusScratch;
    double[] minus = minusScratch;
    double[] shifted = shiftedBeta;
    for (int j = 0; j < d; j++) {
      double theta = j < p ? beta[j] : logSigma;
      if (j == p && theta == Double.NEGATIVE_INFINITY) {
        continue; // sigma = 0: the log-likelihood does not depend on log sigma at all
      }
      double step = 1e-4 * (1 + Math.abs(theta));
      java.util.Arrays.fill(plus, 0.0);
      java.util.Arrays.fill(minus, 0.0);
      if (j < p) {
        shifted[j] = theta + step;
        kernel.evaluate(block, shifted, logSigma, rule, plus, mode);
        shifted[j] = theta - step;
        kernel.evaluate(block, shifted, logSigma, rule, minus, mode);
        shifted[j] = theta;
      } else {
        kernel.evaluate(block, beta, theta + step, rule, plus, mode);
        kernel.evaluate(block, beta, theta - step, rule, minus, mode);
      }
      for (int i = 0; i < d; i++) {
        hessian[i * d + j] += (plus[i] - minus[i]) / (2 * step);
      }
    }
  }

  /** Adds another partial sum at the same point into this one and returns this. */
  public GlmmLikelihoodSum merge(GlmmLikelihoodSum other) {
    if (!point.equals(other.point)) {
      throw new IllegalArgumentException("cannot merge sums at different points: " + point + " and " + other.point);
    }
    logLik += other.logLik;
    binomialConstant += other.binomialConstant;
    for (int j = 0; j < gradient.length; j++) {
      gradient[j] += other.gradient[j];
    }
    if (hessian != null) {
      for (int j = 0; j < hessian.length; j++) {
        hessian[j] += other.hessian[j];
        scoreOuterProducts[j] += other.scoreOuterProducts[j];
      }
    }
    groups += other.groups;
    rows += other.rows;
    singletonGroups += other.singletonGroups;
    nonFiniteGroups += other.nonFiniteGroups;
    return this;
  }

  /** Row passes spent in mode searches by this instance's kernel (not merged; for benchmarks). */
  long modePasses() {
    return kernel == null ? 0 : kernel.modePasses();
  }

  public EvaluationPoint point() {
    return point;
  }

  /** Full approximate log-likelihood (with the log binomial coefficients). */
  public double logLik() {
    return logLik;
  }

  /** {@code sum_i w_i log C(t_i, s_i)}, included in {@link #logLik()}; 0 for binary data. */
  public double binomialConstant() {
    return binomialConstant;
  }

  /** Gradient: {@code d logLik / d beta_j} for j &lt; p, then {@code d logLik / d log sigma}. A copy. */
  public double[] gradient() {
    return gradient.clone();
  }

  /** Row-major (p+1)x(p+1) Hessian of logLik in (beta, log sigma), a copy; null unless requested. */
  public double[] hessian() {
    return hessian == null ? null : hessian.clone();
  }

  /**
   * Row-major (p+1)x(p+1) {@code sum_j g_j g_j'} of the groups' own gradients {@code g_j}
   * (scores) in (beta, log sigma), a copy: the meat of the sandwich over groups. Computed with
   * the Hessian (it costs (p+1)^2 per group against the Hessian's 2(p+1) group evaluations);
   * null unless the Hessian was requested.
   */
  public double[] scoreOuterProducts() {
    return scoreOuterProducts == null ? null : scoreOuterProducts.clone();
  }

  public long groups() {
    return groups;
  }

  public long rows() {
    return rows;
  }

  /**
   * Groups with a single row. Such a group informs sigma only through its one response, and
   * many of them (neighbourhoods with one respondent) leave sigma weakly identified.
   */
  public long singletonGroups() {
    return singletonGroups;
  }

  /** Groups whose value or gradient was not finite (then the sum is not finite either). */
  public long nonFiniteGroups() {
    return nonFiniteGroups;
  }
}
