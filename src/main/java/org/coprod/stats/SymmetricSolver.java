package org.coprod.stats;

import java.util.Arrays;

/**
 * Cholesky factorisation of a symmetric positive semi-definite matrix that drops aliased
 * columns the way R's {@code glm} reports them as {@code NA}: columns are taken in order,
 * and a column whose pivot, after projecting out the kept earlier columns, falls below
 * {@code tolerance} times its own diagonal is marked aliased. commons-math's Cholesky
 * throws on such matrices and its rank-revealing QR reorders columns, neither of which
 * gives R's "keep the earlier column" rule, hence this small routine.
 */
public final class SymmetricSolver {

  private final int size;
  private final boolean[] aliased;
  private final double[][] lower;

  private SymmetricSolver(int size, boolean[] aliased, double[][] lower) {
    this.size = size;
    this.aliased = aliased;
    this.lower = lower;
  }

  /** Factorises {@code matrix} (row-major p×p, not modified). */
  public static SymmetricSolver factor(double[] matrix, int size, double tolerance) {
    boolean[] aliased = new boolean[size];
    double[][] lower = new double[size][size];
    for (int j = 0; j < size; j++) {
      double diagonal = matrix[j * size + j];
      double pivot = diagonal;
      for (int k = 0; k < j; k++) {
        pivot -= lower[j][k] * lower[j][k];
      }
      if (!(diagonal > 0) || pivot <= tolerance * diagonal) {
        aliased[j] = true;
        continue;
      }
      double root = Math.sqrt(pivot);
      lower[j][j] = root;
      for (int i = j + 1; i < size; i++) {
        double value = matrix[i * size + j];
        for (int k = 0; k < j; k++) {
          value -= lower[i][k] * lower[j][k];
        }
        lower[i][j] = value / root;
      }
    }
    return new SymmetricSolver(size, aliased, lower);
  }

  /** Strict factorisation for matrices that must be positive definite: null when one is not. */
  static SymmetricSolver factor(double[] matrix, int size) {
    for (double value : matrix) {
      if (!Double.isFinite(value)) {
        return null;
      }
    }
    SymmetricSolver solver = factor(matrix, size, 0);
    for (boolean a : solver.aliased) {
      if (a) {
        return null;
      }
    }
    return solver;
  }

  public boolean isAliased(int column) {
    return aliased[column];
  }

  public boolean[] aliased() {
    return aliased.clone();
  }

  /** Solves A·x = b on the kept columns; aliased entries of x are 0. */
  public double[] solve(double[] rightHandSide) {
    double[] y = new double[size];
    for (int i = 0; i < size; i++) {
      if (aliased[i]) {
        continue;
      }
      double value = rightHandSide[i];
      for (int k = 0; k < i; k++) {
        if (!aliased[k]) {
          value -= lower[i][k] * y[k];
        }
      }
      y[i] = value / lower[i][i];
    }
    double[] x = new double[size];
    for (int i = size - 1; i >= 0; i--) {
      if (aliased[i]) {
        continue;
      }
      double value = y[i];
      for (int k = i + 1; k < size; k++) {
        if (!aliased[k]) {
          value -= lower[k][i] * x[k];
        }
      }
      x[i] = value / lower[i][i];
    }
    return x;
  }

  /** Inverse on the kept columns (row-major p×p); rows and columns of aliased terms are NaN. */
  public double[] inverse() {
    double[] inverse = new double[size * size];
    Arrays.fill(inverse, Double.NaN);
    for (int j = 0; j < size; j++) {
      if (aliased[j]) {
        continue;
      }
      double[] unit = new double[size];
      unit[j] = 1;
      double[] column = solve(unit);
      for (int i = 0; i < size; i++) {
        if (!aliased[i]) {
          inverse[i * size + j] = column[i];
        }
      }
    }
    return inverse;
  }
}
