package org.coprod.stats;

import static java.util.Objects.requireNonNull;

/**
 * Result of a pooled (single-level) logit fit. Matrices are row-major p×p; aliased columns
 * have NaN coefficients and NaN rows/columns in every covariance, as R prints NA.
 * {@code clusterCovariance} is null without a cluster. Log-likelihoods are full (with the
 * binomial coefficients), as R's {@code logLik.glm}.
 */
public record PooledLogitFit(
    double[] coefficients,
    boolean[] aliased,
    double[] modelCovariance,
    double[] hc0Covariance,
    double[] hc1Covariance,
    double[] clusterCovariance,
    long clusters,
    CovarianceType reportedCovariance,
    double[] averageMarginalEffects,
    double[] averageMarginalEffectErrors,
    double logLikelihood,
    double deviance,
    double nullDeviance,
    long observations,
    double sumWeights,
    int iterations,
    FitStatus status,
    String message) {

  public PooledLogitFit {
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
    requireNonNull(reportedCovariance, "reportedCovariance is null");
  }

  public int columns() {
    return coefficients.length;
  }

  /** Number of estimated (non-aliased) coefficients. */
  public int rank() {
    int rank = 0;
    for (boolean a : aliased) {
      rank += a ? 0 : 1;
    }
    return rank;
  }

  public double[] reportedCovarianceMatrix() {
    return switch (reportedCovariance) {
      case MODEL -> modelCovariance;
      case HC0 -> hc0Covariance;
      case HC1 -> hc1Covariance;
      case CLUSTER -> clusterCovariance;
    };
  }

  /** Standard errors from the given covariance (NaN for aliased columns or when absent). */
  public double[] standardErrors(CovarianceType type) {
    double[] covariance =
        switch (type) {
          case MODEL -> modelCovariance;
          case HC0 -> hc0Covariance;
          case HC1 -> hc1Covariance;
          case CLUSTER -> clusterCovariance;
        };
    double[] errors = new double[columns()];
    for (int j = 0; j < errors.length; j++) {
      errors[j] = covariance == null ? Double.NaN : Math.sqrt(covariance[j * columns() + j]);
    }
    return errors;
  }

  public double[] standardErrors() {
    return standardErrors(reportedCovariance);
  }

  /**
   * Columns whose coefficients diverge because of complete or quasi-complete separation (the
   * terms a {@link FitStatus#SEPARATION} message names); all false for any other status.
   */
  public boolean[] separatedColumns() {
    if (status != FitStatus.SEPARATION) {
      return new boolean[columns()];
    }
    return PooledLogitFitter.diverging(coefficients, aliased);
  }

  public double aic() {
    return -2 * logLikelihood + 2 * rank();
  }

  public double bic() {
    return -2 * logLikelihood + Math.log(observations) * rank();
  }

  /** A fit that never started, with its reason. */
  public static PooledLogitFit failed(int columns, FitStatus status, String message) {
    double[] nan = new double[columns];
    java.util.Arrays.fill(nan, Double.NaN);
    return new PooledLogitFit(
        nan, new boolean[columns], null, null, null, null, 0, CovarianceType.MODEL, nan, nan,
        Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, status, message);
  }
}
