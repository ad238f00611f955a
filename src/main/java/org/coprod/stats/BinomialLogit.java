package org.coprod.stats;

/**
 * The binomial family with logit link, for one observation: {@code s} successes out of
 * {@code m} trials with prior weight {@code w}, linear predictor η, μ = 1/(1+e^−η).
 *
 * <p>Full log-likelihood, as R's {@code logLik.glm} for integer weights:
 * ℓ = w·[log C(m, s) + s·log μ + (m − s)·log(1 − μ)]. Score wrt η: w·(s − mμ). Fisher
 * information wrt η: w·m·μ(1 − μ). Computed with log1p/exp forms that stay finite for
 * |η| up to several hundred.
 */
public final class BinomialLogit {

  private BinomialLogit() {}

  /** μ = expit(η), stable on both tails. */
  public static double mean(double eta) {
    if (eta >= 0) {
      return 1.0 / (1.0 + Math.exp(-eta));
    }
    double e = Math.exp(eta);
    return e / (1.0 + e);
  }

  /** log μ = −log(1 + e^−η). */
  public static double logMean(double eta) {
    return eta >= 0 ? -Math.log1p(Math.exp(-eta)) : eta - Math.log1p(Math.exp(eta));
  }

  /** log(1 − μ) = −log(1 + e^η). */
  public static double logOneMinusMean(double eta) {
    return logMean(-eta);
  }

  /** Log-likelihood of one row without the binomial coefficient. */
  public static double logLikelihoodKernel(double successes, double trials, double weight, double eta) {
    double failures = trials - successes;
    double value = 0;
    if (successes > 0) {
      value += successes * logMean(eta);
    }
    if (failures > 0) {
      value += failures * logOneMinusMean(eta);
    }
    return weight * value;
  }

  /** w·log C(m, s); zero for binary rows. */
  public static double logBinomialCoefficient(double successes, double trials, double weight) {
    if (trials <= 1) {
      return 0;
    }
    return weight * (LogGamma.value(trials + 1) - LogGamma.value(successes + 1) - LogGamma.value(trials - successes + 1));
  }

  /** Deviance contribution 2·w·[s log(s/(mμ)) + (m−s) log((m−s)/(m(1−μ)))]. */
  public static double deviance(double successes, double trials, double weight, double eta) {
    double failures = trials - successes;
    double value = 0;
    if (successes > 0) {
      value += successes * (Math.log(successes / trials) - logMean(eta));
    }
    if (failures > 0) {
      value += failures * (Math.log(failures / trials) - logOneMinusMean(eta));
    }
    return 2 * weight * value;
  }

  /** Thin wrapper so the rest of stats does not repeat the commons-math import. */
  static final class LogGamma {
    private LogGamma() {}

    static double value(double x) {
      return org.apache.commons.math3.special.Gamma.logGamma(x);
    }
  }
}
