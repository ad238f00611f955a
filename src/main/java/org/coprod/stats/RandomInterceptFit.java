package org.coprod.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * Result of a random-intercept logit fit by {@link RandomInterceptLogitFitter}.
 *
 * @param beta fixed effects
 * @param sigma standard deviation of the random intercept (0 for a singular fit, NaN when not
 *     {@linkplain #fitted() fitted})
 * @param logSigma log sigma ({@code -Infinity} for a singular fit)
 * @param covariance row-major (p+1)x(p+1) covariance of (beta, sigma): the inverse of minus
 *     the Hessian of the log-likelihood in (beta, log sigma), with sigma's row and column
 *     multiplied by sigma (delta method, {@code d sigma / d log sigma = sigma}). The beta block
 *     is the one lme4's {@code vcov} reports (inverse of the full (theta, beta) Hessian, theta
 *     rows dropped). NaN where not available (singular fit: sigma row/column).
 * @param robustCovariance the same shape: the sandwich over groups, {@code G/(G-1) A^-1 B A^-1}
 *     with {@code A} minus the Hessian and {@code B = sum_j g_j g_j'} the outer products of the
 *     groups' scores (see {@link GlmmLikelihoodSum#scoreOuterProducts()}), sigma's row and column
 *     by the delta method as above. With weights read as sampling weights of the rows, the
 *     weighted log-likelihood is a pseudo-likelihood and these are its standard errors; under a
 *     correctly specified model with unit weights they estimate the same as {@code covariance}.
 * @param logLik full log-likelihood (with the log binomial coefficients) at the estimates
 * @param deviance {@code -2 logLik}
 * @param nAGQ 1 for Laplace, else the number of adaptive Gauss–Hermite points
 * @param iterations Newton iterations of the random-intercept stage
 * @param evaluations passes over the data (all stages)
 * @param gradientNorm max-norm of the gradient in (beta, log sigma) at the estimates
 * @param status outcome
 * @param message human-readable detail of the outcome
 * @param groups number of groups
 * @param rows number of rows
 * @param singletonGroups groups with a single row
 * @param separated per fixed-effect column: true when its coefficient diverges because the
 *     fixed part separates the responses (then the status is {@link FitStatus#SEPARATION})
 */
public record RandomInterceptFit(
    double[] beta,
    double sigma,
    double logSigma,
    double[] covariance,
    double[] robustCovariance,
    double logLik,
    double deviance,
    int nAGQ,
    int iterations,
    int evaluations,
    double gradientNorm,
    FitStatus status,
    String message,
    long groups,
    long rows,
    long singletonGroups,
    boolean[] separated) {

  public RandomInterceptFit {
    Objects.requireNonNull(beta, "beta is null");
    Objects.requireNonNull(covariance, "covariance is null");
    Objects.requireNonNull(robustCovariance, "robustCovariance is null");
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(message, "message is null");
    Objects.requireNonNull(separated, "separated is null");
    int d = beta.length + 1;
    if (covariance.length != d * d) {
      throw new IllegalArgumentException("covariance has " + covariance.length + " values, expected " + d * d);
    }
    if (robustCovariance.length != d * d) {
      throw new IllegalArgumentException("robustCovariance has " + robustCovariance.length + " values, expected " + d * d);
    }
    if (separated.length != beta.length) {
      throw new IllegalArgumentException("separated has " + separated.length + " values, expected " + beta.length);
    }
    beta = beta.clone();
    covariance = covariance.clone();
    robustCovariance = robustCovariance.clone();
    separated = separated.clone();
  }

  @Override
  public double[] robustCovariance() {
    return robustCovariance.clone();
  }

  @Override
  public boolean[] separated() {
    return separated.clone();
  }

  /**
   * Whether the random-intercept stage ran: false when the fit stopped before it (no data, or
   * the pooled start failed or separated), and then every estimate is NaN.
   */
  public boolean fitted() {
    return !Double.isNaN(sigma);
  }

  /** lme4's "boundary (singular) fit": sigma estimated at 0. */
  public boolean singular() {
    return status == FitStatus.SINGULAR_FIT;
  }

  @Override
  public double[] beta() {
    return beta.clone();
  }

  @Override
  public double[] covariance() {
    return covariance.clone();
  }

  /**
   * A fit that stopped before the random-intercept stage: every estimate NaN, with the
   * status, its reason, and what was counted of the data.
   */
  static RandomInterceptFit notFitted(
      int columns, int nAGQ, int evaluations, FitStatus status, String message, long groups, long rows, long singletonGroups,
      boolean[] separated) {
    double[] nan = new double[columns];
    Arrays.fill(nan, Double.NaN);
    double[] covariance = new double[(columns + 1) * (columns + 1)];
    Arrays.fill(covariance, Double.NaN);
    return new RandomInterceptFit(nan, Double.NaN, Double.NaN, covariance, covariance, Double.NaN, Double.NaN, nAGQ, 0, evaluations,
        Double.NaN, status, message, groups, rows, singletonGroups, separated);
  }

  /** Standard errors of the fixed effects. */
  public double[] standardErrors() {
    return diagonalRoots(covariance, beta.length);
  }

  /** Standard error of sigma by the delta method from log sigma; NaN for a singular fit. */
  public double sigmaStandardError() {
    int d = beta.length + 1;
    return Math.sqrt(covariance[d * d - 1]);
  }

  /** Sandwich (cluster-robust over groups) standard errors of the fixed effects. */
  public double[] robustStandardErrors() {
    return diagonalRoots(robustCovariance, beta.length);
  }

  /** Sandwich standard error of sigma (delta method from log sigma); NaN for a singular fit. */
  public double sigmaRobustStandardError() {
    int d = beta.length + 1;
    return Math.sqrt(robustCovariance[d * d - 1]);
  }

  private static double[] diagonalRoots(double[] matrix, int p) {
    int d = p + 1;
    double[] roots = new double[p];
    for (int j = 0; j < p; j++) {
      roots[j] = Math.sqrt(matrix[j * d + j]);
    }
    return roots;
  }

  /** Intraclass correlation on the latent scale, {@code sigma^2 / (sigma^2 + pi^2 / 3)}. */
  public double intraclassCorrelation() {
    double v = sigma * sigma;
    return v / (v + Math.PI * Math.PI / 3);
  }

  /**
   * Median odds ratio (Larsen and Merlo 2005), {@code exp(sqrt(2) sigma Phi^-1(0.75))}: the
   * median odds ratio between two randomly chosen groups, higher over lower.
   */
  public double medianOddsRatio() {
    return Math.exp(Math.sqrt(2) * sigma * 0.6744897501960817);
  }
}
