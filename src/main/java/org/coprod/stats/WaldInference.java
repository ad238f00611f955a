package org.coprod.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Wald z-tests and normal confidence intervals for one coefficient. */
public record WaldInference(double estimate, double standardError, double z, double pValue, double lower, double upper) {

  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  /** Two-sided 95% normal quantile, 1.959964… */
  public static final double Z_975 = NORMAL.inverseCumulativeProbability(0.975);

  public static WaldInference of(double estimate, double standardError) {
    double z = estimate / standardError;
    double p = 2 * NORMAL.cumulativeProbability(-Math.abs(z));
    return new WaldInference(estimate, standardError, z, p, estimate - Z_975 * standardError, estimate + Z_975 * standardError);
  }
}
