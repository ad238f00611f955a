package org.coprod.stats;

import java.util.Objects;

/**
 * One group's rows of a binomial-logit design, packed in primitive arrays so that a
 * per-group kernel can run inside a Spark task without boxing.
 *
 * <p>Row {@code i} contributes to the conditional log-likelihood
 *
 * <pre>
 *   l_i(p) = w_i * [ log C(t_i, s_i) + s_i log p + (t_i - s_i) log(1 - p) ],   p = 1 / (1 + exp(-eta_i))
 * </pre>
 *
 * with {@code s = successes}, {@code t = trials}, {@code w = weights}. This maps lme4's
 * (and glm's) binomial conventions as follows:
 *
 * <ul>
 *   <li>{@code glmer(y ~ ..., weights = w)} with {@code y} in {0, 1}: {@code s = y, t = 1,
 *       w = w}; {@code log C(1, y) = 0}. R's binomial {@code aic} then uses
 *       {@code dbinom(w y, w, p)}, which equals the line above for integer {@code w}.
 *   <li>{@code glmer(cbind(s, f) ~ ...)}: {@code s = s, t = s + f, w = 1}. glmer's prior
 *       weights are then {@code t}; here they are {@code w * t}.
 *   <li>{@code glmer(s / t ~ ..., weights = t)}: the same as {@code cbind(s, t - s)}.
 *   <li>{@code glmer(cbind(s, f) ~ ..., weights = w)}: {@code s, t = s + f, w}; glmer's
 *       prior weights are {@code w * t} and its log-likelihood is {@code w * dbinom(s, t, p)}.
 * </ul>
 *
 * <p>Successes need not be integers (proportions times weights), but then R's binomial
 * family warns and rounds; the log binomial coefficient here uses the log-gamma function.
 *
 * @param groupId the level of the grouping factor
 * @param rows number of rows, at least 1
 * @param columns number of fixed-effect columns including the intercept column
 * @param x row-major {@code rows x columns} design matrix
 * @param successes {@code s_i}, 0 &le; s_i &le; t_i
 * @param trials {@code t_i} &gt; 0
 * @param weights prior weights {@code w_i} &ge; 0
 */
public record GroupBlock(
    String groupId, int rows, int columns, double[] x, double[] successes, double[] trials, double[] weights) {

  /** Validates shapes and values; a block is immutable by convention (arrays are not copied, for speed). */
  public GroupBlock {
    Objects.requireNonNull(groupId, "groupId is null");
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(successes, "successes is null");
    Objects.requireNonNull(trials, "trials is null");
    Objects.requireNonNull(weights, "weights is null");
    if (rows < 1) {
      throw new IllegalArgumentException("invalid rows: " + rows + " (must be >= 1) in group " + groupId);
    }
    if (columns < 1) {
      throw new IllegalArgumentException("invalid columns: " + columns + " (must be >= 1) in group " + groupId);
    }
    if (x.length != (long) rows * columns) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, expected rows*columns = " + (long) rows * columns + " in group " + groupId);
    }
    requireLength("successes", successes, rows, groupId);
    requireLength("trials", trials, rows, groupId);
    requireLength("weights", weights, rows, groupId);
    for (double v : x) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("non-finite design value " + v + " in group " + groupId);
      }
    }
    for (int i = 0; i < rows; i++) {
      double s = successes[i];
      double t = trials[i];
      double w = weights[i];
      if (!(t > 0) || !Double.isFinite(t)) {
        throw new IllegalArgumentException("invalid trials " + t + " (must be > 0) at row " + i + " of group " + groupId);
      }
      if (!(s >= 0 && s <= t)) {
        throw new IllegalArgumentException(
            "invalid successes " + s + " (must be in 0..trials=" + t + ") at row " + i + " of group " + groupId);
      }
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException("invalid weight " + w + " (must be >= 0) at row " + i + " of group " + groupId);
      }
    }
  }

  /** A block of binary responses ({@code t = 1}) with unit weights. */
  public static GroupBlock binary(String groupId, int columns, double[] x, double[] y) {
    int rows = y.length;
    double[] ones = new double[rows];
    java.util.Arrays.fill(ones, 1.0);
    return new GroupBlock(groupId, rows, columns, x, y, ones, ones.clone());
  }

  /** Value of design matrix entry (row, column). */
  public double x(int row, int column) {
    return x[row * columns + column];
  }

  private static void requireLength(String name, double[] values, int rows, String groupId) {
    if (values.length != rows) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " values, expected rows = " + rows + " in group " + groupId);
    }
  }
}
