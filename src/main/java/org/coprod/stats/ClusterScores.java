package org.coprod.stats;

/** Per-row score and outer-product helpers shared by the local and Spark cluster passes. */
public final class ClusterScores {

  private ClusterScores() {}

  /** sum += w (s − mμ) x. */
  public static void addScore(double[] sum, double[] x, double successes, double trials, double weight, double[] beta) {
    double eta = 0;
    for (int j = 0; j < x.length; j++) {
      eta += x[j] * beta[j];
    }
    double residual = weight * (successes - trials * BinomialLogit.mean(eta));
    for (int j = 0; j < x.length; j++) {
      sum[j] += residual * x[j];
    }
  }

  /** meat += u uᵀ (row-major). */
  public static void addOuter(double[] meat, double[] u) {
    int columns = u.length;
    for (int i = 0; i < columns; i++) {
      for (int j = 0; j < columns; j++) {
        meat[i * columns + j] += u[i] * u[j];
      }
    }
  }
}
