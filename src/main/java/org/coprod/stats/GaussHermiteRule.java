package org.coprod.stats;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * A K-point Gauss–Hermite rule for the standard normal density, as lme4's {@code GHrule(K)}:
 *
 * <pre>
 *   integral f(z) phi(z) dz  ~=  sum_k weight_k f(node_k),     sum_k weight_k = 1,
 * </pre>
 *
 * exact for polynomials of degree &le; 2K - 1. The nodes and weights come from
 * commons-math3's {@code HermiteRuleFactory} (weight function {@code exp(-x^2)}), converted
 * by {@code z = sqrt(2) x} and {@code weight = w / sqrt(pi)}. Rules are immutable and
 * cached per K, so tasks share them.
 *
 * <p>Reference: Golub and Welsch (1969); lme4 {@code GHrule} documentation.
 */
public final class GaussHermiteRule {

  /** Largest K accepted, as lme4's {@code nAGQ} limit for a single scalar random effect. */
  public static final int MAX_POINTS = 25;

  private static final GaussHermiteRule[] CACHE = new GaussHermiteRule[MAX_POINTS + 1];

  private final double[] nodes;
  private final double[] weights;
  private final double[] logWeightPlusHalfSquare;

  private GaussHermiteRule(double[] nodes, double[] weights) {
    this.nodes = nodes;
    this.weights = weights;
    this.logWeightPlusHalfSquare = new double[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      // log(weight_k / phi(z_k)) minus the 0.5 log(2 pi) that cancels with the prior's.
      logWeightPlusHalfSquare[k] = Math.log(weights[k]) + 0.5 * nodes[k] * nodes[k];
    }
  }

  /**
   * The rule with {@code points} nodes.
   *
   * @throws IllegalArgumentException unless 1 &le; points &le; 25
   */
  public static GaussHermiteRule of(int points) {
    if (points < 1 || points > MAX_POINTS) {
      throw new IllegalArgumentException("invalid nAGQ: " + points + " (must be 1.." + MAX_POINTS + ")");
    }
    synchronized (CACHE) {
      GaussHermiteRule rule = CACHE[points];
      if (rule == null) {
        rule = build(points);
        CACHE[points] = rule;
      }
      return rule;
    }
  }

  private static GaussHermiteRule build(int points) {
    double[] z = new double[points];
    double[] w = new double[points];
    if (points == 1) {
      z[0] = 0;
      w[0] = 1;
      return new GaussHermiteRule(z, w);
    }
    GaussIntegrator hermite = new GaussIntegratorFactory().hermite(points);
    double sqrt2 = Math.sqrt(2);
    double sqrtPi = Math.sqrt(Math.PI);
    double total = 0;
    for (int k = 0; k < points; k++) {
      z[k] = sqrt2 * hermite.getPoint(k);
      w[k] = hermite.getWeight(k) / sqrtPi;
      total += w[k];
    }
    for (int k = 0; k < points; k++) {
      // The middle node of an odd rule is 0 in exact arithmetic; making it exactly 0 lets
      // the kernel reuse the work it already did at the mode.
      if (Math.abs(z[k]) < 1e-13) {
        z[k] = 0;
      }
      w[k] /= total; // removes the last ulps so that K = 1..25 all integrate 1 exactly
    }
    return new GaussHermiteRule(z, w);
  }

  /** Number of nodes K. */
  public int points() {
    return nodes.length;
  }

  /** Node {@code z_k} for the standard normal. */
  public double node(int k) {
    return nodes[k];
  }

  /** Weight of node k for the standard normal density; the weights sum to 1. */
  public double weight(int k) {
    return weights[k];
  }

  /** {@code log(weight_k) + z_k^2 / 2}: the log of weight_k / phi(z_k) up to log sqrt(2 pi). */
  double logWeightPlusHalfSquare(int k) {
    return logWeightPlusHalfSquare[k];
  }
}
