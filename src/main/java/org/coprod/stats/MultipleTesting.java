package org.coprod.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiplicity adjustments of p-values, as R's {@code p.adjust}. NaN p-values are left out
 * of the family and stay NaN.
 */
public final class MultipleTesting {

  private MultipleTesting() {}

  /** Holm's step-down adjustment: p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)). */
  public static double[] holm(double[] p) {
    int[] order = sortedFinite(p);
    int m = order.length;
    double[] adjusted = nanCopy(p.length);
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
      adjusted[order[rank]] = running;
    }
    return adjusted;
  }

  /** Benjamini–Hochberg: p̃_(i) = min_{j ≥ i} min(1, m/j·p_(j)). */
  public static double[] benjaminiHochberg(double[] p) {
    int[] order = sortedFinite(p);
    int m = order.length;
    double[] adjusted = nanCopy(p.length);
    double running = 1;
    for (int rank = m - 1; rank >= 0; rank--) {
      running = Math.min(running, Math.min(1, (double) m / (rank + 1) * p[order[rank]]));
      adjusted[order[rank]] = running;
    }
    return adjusted;
  }

  private static int[] sortedFinite(double[] p) {
    return IntStream.range(0, p.length)
        .filter(i -> !Double.isNaN(p[i]))
        .boxed()
        .sorted(Comparator.comparingDouble(i -> p[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static double[] nanCopy(int length) {
    double[] values = new double[length];
    Arrays.fill(values, Double.NaN);
    return values;
  }
}
