package org.coprod.stats;

/** The few dense row-major p×p operations inference needs; NaN entries (aliased) propagate as NaN. */
final class Matrices {

  private Matrices() {}

  /** B M B for symmetric B (bread) and M (meat); rows/columns where B is NaN stay NaN. */
  static double[] sandwich(double[] bread, double[] meat, int p) {
    double[] left = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int k = 0; k < p; k++) {
          double b = bread[i * p + k];
          if (!Double.isNaN(b)) {
            sum += b * meat[k * p + j];
          } else if (k == i) {
            sum = Double.NaN;
            break;
          }
        }
        left[i * p + j] = sum;
      }
    }
    double[] result = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int k = 0; k < p; k++) {
          double b = bread[k * p + j];
          if (!Double.isNaN(b)) {
            sum += left[i * p + k] * b;
          } else if (k == j) {
            sum = Double.NaN;
            break;
          }
        }
        result[i * p + j] = sum;
      }
    }
    return result;
  }

  static double[] scale(double[] matrix, double factor) {
    double[] result = new double[matrix.length];
    for (int i = 0; i < matrix.length; i++) {
      result[i] = matrix[i] * factor;
    }
    return result;
  }
}
