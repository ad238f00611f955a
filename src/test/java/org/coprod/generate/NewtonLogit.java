package org.coprod.generate;

/**
 * Test helper: maximum-likelihood logistic regression by Newton-Raphson,
 * beta <- beta + (X'WX)^-1 X'(y - p), W = diag(p(1-p)), solved by Cholesky.
 */
final class NewtonLogit {

  private NewtonLogit() {}

  static double[] fit(double[][] x, double[] y) {
    int k = x[0].length;
    double[] beta = new double[k];
    for (int iteration = 0; iteration < 50; iteration++) {
      double[][] information = new double[k][k];
      double[] score = new double[k];
      for (int i = 0; i < x.length; i++) {
        double eta = 0;
        for (int j = 0; j < k; j++) {
          eta += x[i][j] * beta[j];
        }
        double p = 1 / (1 + Math.exp(-eta));
        double w = p * (1 - p);
        for (int a = 0; a < k; a++) {
          score[a] += x[i][a] * (y[i] - p);
          for (int b = 0; b <= a; b++) {
            information[a][b] += w * x[i][a] * x[i][b];
          }
        }
      }
      double[] step = solve(information, score);
      double change = 0;
      for (int j = 0; j < k; j++) {
        beta[j] += step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      if (change < 1e-9) {
        return beta;
      }
    }
    throw new IllegalStateException("Newton-Raphson did not converge in 50 iterations");
  }

  /** Solves A s = b for symmetric positive-definite A given by its lower triangle. */
  private static double[] solve(double[][] a, double[] b) {
    int k = b.length;
    double[][] l = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int m = 0; m < j; m++) {
          sum -= l[i][m] * l[j][m];
        }
        l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
      }
    }
    double[] z = new double[k];
    for (int i = 0; i < k; i++) {
      double sum = b[i];
      for (int m = 0; m < i; m++) {
        sum -= l[i][m] * z[m];
      }
      z[i] = sum / l[i][i];
    }
    double[] s = new double[k];
    for (int i = k - 1; i >= 0; i--) {
      double sum = z[i];
      for (int m = i + 1; m < k; m++) {
        sum -= l[m][i] * s[m];
      }
      s[i] = sum / l[i][i];
    }
    return s;
  }
}
