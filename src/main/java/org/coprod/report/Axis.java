package org.coprod.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear map from data to pixels with "nice" ticks. Odds ratios are drawn on a log axis by
 * mapping log(OR); {@link #oddsRatioTicks} then labels the log positions with round odds ratios.
 */
final class Axis {

  private final double low;
  private final double high;
  private final double pixelLow;
  private final double pixelHigh;

  /** Spans [low, high] (widened when empty) onto [pixelLow, pixelHigh]. */
  Axis(double low, double high, double pixelLow, double pixelHigh) {
    if (!(high > low)) {
      double centre = Double.isFinite(low) ? low : 0;
      low = centre - 1;
      high = centre + 1;
    }
    this.low = low;
    this.high = high;
    this.pixelLow = pixelLow;
    this.pixelHigh = pixelHigh;
  }

  /** An axis over the given finite values padded by 5% each side, always including {@code include}. */
  static Axis covering(List<Double> values, double include, double pixelLow, double pixelHigh) {
    double min = include;
    double max = include;
    for (Double v : values) {
      if (v != null && Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double pad = (max - min) * 0.05;
    return new Axis(min - pad, max + pad, pixelLow, pixelHigh);
  }

  double pixel(double value) {
    double clamped = Math.max(low, Math.min(high, value));
    return pixelLow + (clamped - low) / (high - low) * (pixelHigh - pixelLow);
  }

  /** Whether a value lies outside the axis (drawn clamped at the edge). */
  boolean clips(double value) {
    return value < low || value > high;
  }

  /** About five round ticks (1, 2 or 5 × 10^k apart) within the axis. */
  List<Double> ticks() {
    double raw = (high - low) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / magnitude >= 5 ? 5 * magnitude : raw / magnitude >= 2 ? 2 * magnitude : magnitude;
    List<Double> ticks = new ArrayList<>();
    for (double t = Math.ceil(low / step) * step; t <= high + 1e-12; t += step) {
      ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
  }

  /**
   * Round odds ratios whose logs fall within the axis (the axis is in log-odds): 1, 2, 5 ×
   * 10^k, refined with more mantissas when the range is narrow so that there are at least four.
   */
  List<Double> oddsRatioTicks() {
    double[][] mantissas = {{1, 2, 5}, {1, 1.5, 2, 3, 5, 7}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}};
    List<Double> ticks = List.of();
    for (double[] set : mantissas) {
      ticks = oddsRatioTicks(set);
      if (ticks.size() >= 4) {
        break;
      }
    }
    if (ticks.size() > 9) {
      // Wide ranges: keep powers of ten only so labels do not collide.
      ticks = ticks.stream().filter(or -> Math.abs(Math.log10(or) - Math.rint(Math.log10(or))) < 1e-9).toList();
    }
    if (ticks.size() < 3) {
      // Very narrow ranges (odds ratios within a few per cent of each other): evenly spaced
      // odds ratios, which on so short a stretch of the log axis look evenly spaced too.
      ticks = new Axis(Math.exp(low), Math.exp(high), 0, 1).ticks().stream().filter(or -> or > 0).toList();
    }
    return ticks;
  }

  private List<Double> oddsRatioTicks(double[] mantissas) {
    List<Double> ticks = new ArrayList<>();
    for (int k = -6; k <= 6; k++) {
      for (double m : mantissas) {
        double or = m * Math.pow(10, k);
        double x = Math.log(or);
        if (x >= low && x <= high) {
          ticks.add(or);
        }
      }
    }
    return ticks;
  }
}
