package org.coprod.stats;

/** Cholesky factorisation of small dense symmetric positive-definite matrices (row-major). */
final class SymmetricSolver {

  private final int d;
  private final double[] lower;

  private SymmetricSolver(int d, double[] lower) {
    this.d = d;
    this.lower = lower;
  }

  /** Factorises {@code a} (row-major d x d); returns null when it is not positive definite. */
  static SymmetricSolver factor(double[] a, int d) {
    double[] l = new double[d * d];
    for (int j = 0; j < d; j++) {
      double diagonal = a[j * d + j];
      for (int k = 0; k < j; k++) {
        diagonal -= l[j * d + k] * l[j * d + k];
      }
      if (!(diagonal > 0) || !Double.isFinite(diagonal)) {
        return null;
      }
      double root = Math.sqrt(diagonal);
      l[j * d + j] = root;
      for (int i = j + 1; i < d; i++) {
        double v = a[i * d + j];
        for (int k = 0; k < j; k++) {
          v -= l[i * d + k] * l[j * d + k];
        }
        l[i * d + j] = v / root;
      }
    }
    return new SymmetricSolver(d, l);
  }

  double[] solve(double[] b) {
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double v = b[i];
      for (int k = 0; k < i; k++) {
        v -= lower[i * d + k] * y[k];
      }
      y[i] = v / lower[i * d + i];
    }
    double[] x = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double v = y[i];
      for (int k = i + 1; k < d; k++) {
        v -= lower[k * d + i] * x[k];
      }
      x[i] = v / lower[i * d + i];
    }
    return x;
  }

  double[] inverse() {
    double[] inv = new double[d * d];
    for (int j = 0; j < d; j++) {
      double[] e = new double[d];
      e[j] = 1;
      double[] column = solve(e);
      for (int i = 0; i < d; i++) {
        inv[i * d + j] = column[i];
      }
    }
    return inv;
  }
}
