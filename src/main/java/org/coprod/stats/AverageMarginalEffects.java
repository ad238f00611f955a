package org.coprod.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Average marginal effects (AME) of a logit model on the probability scale, with gradients
 * wrt β for delta-method standard errors, accumulated row by row in the final pass.
 *
 * <ul>
 *   <li>{@link Kind#DERIVATIVE} (a numeric variable entering only through this column):
 *       AME = mean of μ(1−μ)·β_j; ∂/∂β = mean of μ(1−μ)·e_j + β_j·μ(1−μ)(1−2μ)·x.
 *   <li>{@link Kind#DISCRETE} (a dummy column of a factor entering only as a main effect):
 *       AME = mean of μ(level j) − μ(reference), the other dummies of the factor set to 0,
 *       as R's {@code margins} does for factors; ∂/∂β = mean of μ₁(1−μ₁)x₁ − μ₀(1−μ₀)x₀.
 *   <li>{@link Kind#NONE}: the intercept, and columns whose variable also enters other
 *       columns (interactions, powers), where a per-column AME would not be the effect of a
 *       variable.
 * </ul>
 *
 * Means are weighted by prior weight × trials, so a binomial-count row counts as its trials.
 */
public final class AverageMarginalEffects {

  private AverageMarginalEffects() {}

  public enum Kind {
    NONE,
    DERIVATIVE,
    DISCRETE
  }

  /**
   * Which AME to compute for each column. {@code siblings[j]} lists the columns of the same
   * factor as column j (including j) for {@link Kind#DISCRETE} columns.
   */
  public record Plan(Kind[] kinds, int[][] siblings) implements Serializable {
    public Plan {
      if (kinds.length != siblings.length) {
        throw new IllegalArgumentException("kinds and siblings differ in length");
      }
    }

    public static Plan none(int columns) {
      Kind[] kinds = new Kind[columns];
      Arrays.fill(kinds, Kind.NONE);
      return new Plan(kinds, new int[columns][]);
    }

    Accumulator newAccumulator() {
      return new Accumulator(this);
    }
  }

  /** Partial sums; serializable for Spark. */
  public static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Plan plan;
    private final double[] effectSums;
    private final double[] gradientSums;
    private double weightSum;

    Accumulator(Plan plan) {
      this.plan = plan;
      int columns = plan.kinds().length;
      this.effectSums = new double[columns];
      this.gradientSums = new double[columns * columns];
    }

    void add(double[] x, double eta, double weight, double[] beta) {
      int columns = x.length;
      weightSum += weight;
      double mu = BinomialLogit.mean(eta);
      double density = mu * (1 - mu);
      for (int j = 0; j < columns; j++) {
        switch (plan.kinds()[j]) {
          case NONE -> {}
          case DERIVATIVE -> {
            effectSums[j] += weight * density * beta[j];
            double slope = weight * beta[j] * density * (1 - 2 * mu);
            int row = j * columns;
            for (int k = 0; k < columns; k++) {
              gradientSums[row + k] += slope * x[k];
            }
            gradientSums[row + j] += weight * density;
          }
          case DISCRETE -> {
            double etaReference = eta;
            for (int sibling : plan.siblings()[j]) {
              etaReference -= beta[sibling] * x[sibling];
            }
            double etaLevel = etaReference + beta[j];
            double muLevel = BinomialLogit.mean(etaLevel);
            double muReference = BinomialLogit.mean(etaReference);
            effectSums[j] += weight * (muLevel - muReference);
            double densityLevel = weight * muLevel * (1 - muLevel);
            double densityReference = weight * muReference * (1 - muReference);
            int row = j * columns;
            for (int k = 0; k < columns; k++) {
              gradientSums[row + k] += (densityLevel - densityReference) * x[k];
            }
            // x₁ and x₀ differ from x on the factor's columns: zero there, and 1 at j for x₁.
            for (int sibling : plan.siblings()[j]) {
              gradientSums[row + sibling] -= (densityLevel - densityReference) * x[sibling];
            }
            gradientSums[row + j] += densityLevel;
          }
        }
      }
    }

    void merge(Accumulator other) {
      weightSum += other.weightSum;
      for (int i = 0; i < effectSums.length; i++) {
        effectSums[i] += other.effectSums[i];
      }
      for (int i = 0; i < gradientSums.length; i++) {
        gradientSums[i] += other.gradientSums[i];
      }
    }

    /** AME per column (NaN for {@link Kind#NONE}). */
    double[] effects() {
      double[] effects = new double[effectSums.length];
      for (int j = 0; j < effects.length; j++) {
        effects[j] = plan.kinds()[j] == Kind.NONE ? Double.NaN : effectSums[j] / weightSum;
      }
      return effects;
    }

    /** Delta-method SEs: sqrt(gᵀ V g) with g the mean gradient of column j's AME. */
    double[] standardErrors(double[] covariance) {
      int columns = effectSums.length;
      double[] errors = new double[columns];
      for (int j = 0; j < columns; j++) {
        if (plan.kinds()[j] == Kind.NONE) {
          errors[j] = Double.NaN;
          continue;
        }
        double variance = 0;
        for (int a = 0; a < columns; a++) {
          double ga = gradientSums[j * columns + a] / weightSum;
          if (ga == 0) {
            continue;
          }
          for (int b = 0; b < columns; b++) {
            double v = covariance[a * columns + b];
            if (Double.isNaN(v)) {
              continue; // aliased column: its coefficient is fixed at 0
            }
            variance += ga * v * gradientSums[j * columns + b] / weightSum;
          }
        }
        errors[j] = Math.sqrt(variance);
      }
      return errors;
    }
  }
}
