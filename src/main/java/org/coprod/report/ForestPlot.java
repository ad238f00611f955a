package org.coprod.report;

import java.util.ArrayList;
import java.util.List;
import org.coprod.report.RunContents.Effect;

/**
 * Forest plot of one model's odds ratios with 95% CIs on a log axis: one row per
 * non-intercept term with a finite interval (one {@code forest-ci} line and one
 * {@code forest-point} per term), coloured by role, a reference line at OR = 1. Intervals
 * wider than the axis are clamped at its edge and marked with an arrow-like end cap.
 */
final class ForestPlot {

  static final double WIDTH = 920;
  private static final double LABEL_RIGHT = 250;
  private static final double PLOT_LEFT = 260;
  private static final double PLOT_RIGHT = 700;
  private static final double ROW = 22;
  private static final double TOP = 16;
  private static final double BOTTOM = 44;
  /** Axis limits in log-odds: odds ratios from 1/1000 to 1000; beyond that the interval is clamped. */
  private static final double MAX_LOG = Math.log(1000);

  private ForestPlot() {}

  /** Terms that {@link #svg} draws, in the order drawn. */
  static List<Effect> plotted(List<Effect> modelEffects) {
    return modelEffects.stream().filter(Effect::plottable).toList();
  }

  static String svg(String modelId, List<Effect> modelEffects) {
    List<Effect> rows = plotted(modelEffects);
    double height = TOP + Math.max(1, rows.size()) * ROW + BOTTOM;
    List<Double> logs = new ArrayList<>();
    for (Effect e : rows) {
      logs.add(clampLog(e.orCiLow()));
      logs.add(clampLog(e.orCiHigh()));
    }
    Axis x = Axis.covering(logs, 0.0, PLOT_LEFT, PLOT_RIGHT);
    Svg svg = new Svg(WIDTH, height, "Forest plot of odds ratios for model " + modelId);
    double axisY = TOP + rows.size() * ROW + 6;
    for (double or : x.oddsRatioTicks()) {
      double px = x.pixel(Math.log(or));
      svg.line(px, TOP - 6, px, axisY, "grid");
      svg.text(px, axisY + 16, "middle", "tick", Html.number(or, 3));
    }
    svg.line(x.pixel(0), TOP - 8, x.pixel(0), axisY, "reference");
    svg.line(PLOT_LEFT, axisY, PLOT_RIGHT, axisY, "axis");
    svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, axisY + 34, "middle", "axis-title", "odds ratio (log scale), 95% CI");
    svg.text(PLOT_RIGHT + 12, TOP - 4, "start", "tick", "OR [95% CI]");
    for (int i = 0; i < rows.size(); i++) {
      Effect e = rows.get(i);
      double y = TOP + i * ROW + ROW / 2 + 4;
      String role = roleClass(e.role());
      svg.label(LABEL_RIGHT, y + 4, "end", "term", e.term(), 38);
      double low = Math.log(e.orCiLow());
      double high = Math.log(e.orCiHigh());
      svg.line(x.pixel(low), y, x.pixel(high), y, "forest-ci " + role);
      if (x.clips(low)) {
        svg.line(x.pixel(low), y - 5, x.pixel(low), y + 5, "clipped " + role);
      }
      if (x.clips(high)) {
        svg.line(x.pixel(high), y - 5, x.pixel(high), y + 5, "clipped " + role);
      }
      svg.circle(x.pixel(Math.log(e.oddsRatio())), y, 4.5, "forest-point " + role,
          e.term() + ": OR " + Html.oddsRatio(e.oddsRatio(), e.orCiLow(), e.orCiHigh()).replace("&lt;", "<") + ", " + nullToDash(e.role()));
      svg.text(PLOT_RIGHT + 12, y + 4, "start", "value", Html.oddsRatio(e.oddsRatio(), e.orCiLow(), e.orCiHigh()));
    }
    if (rows.isEmpty()) {
      svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, TOP + ROW / 2 + 4, "middle", "empty", "no term with a finite confidence interval");
    }
    return svg.toString();
  }

  static String roleClass(String role) {
    if ("barrier".equals(role)) {
      return "barrier";
    } else if ("enabler".equals(role)) {
      return "enabler";
    }
    return "neutral";
  }

  private static double clampLog(double or) {
    return Math.max(-MAX_LOG, Math.min(MAX_LOG, Math.log(or)));
  }

  private static String nullToDash(String text) {
    return text == null ? "–" : text;
  }
}
