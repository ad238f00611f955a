package org.coprod.report;

import java.util.ArrayList;
import java.util.List;
import org.coprod.report.RunContents.Divide;

/**
 * The "double digital divide" plot for one pair of ICT and traditional models: per factor, its
 * odds ratio on ICT-enabled co-production ({@code divide-ict}, filled) and on traditional
 * co-production ({@code divide-traditional}, hollow), each with a 95% CI, on a shared log axis.
 * Factors whose gap is significantly wider for ICT are flagged in the right column.
 */
final class DividePlot {

  static final double WIDTH = 920;
  private static final double LABEL_RIGHT = 250;
  private static final double PLOT_LEFT = 260;
  private static final double PLOT_RIGHT = 700;
  private static final double ROW = 30;
  private static final double TOP = 30;
  private static final double BOTTOM = 44;
  private static final double MAX_LOG = Math.log(1000);

  private DividePlot() {}

  static boolean plottable(Divide d) {
    return finite(d.ictEstimate()) && finite(d.ictStdError()) && finite(d.traditionalEstimate()) && finite(d.traditionalStdError());
  }

  static String svg(String ictModel, String traditionalModel, List<Divide> pair) {
    List<Divide> rows = pair.stream().filter(DividePlot::plottable).toList();
    List<Double> extent = new ArrayList<>();
    for (Divide d : rows) {
      extent.add(clamp(d.ictEstimate() - 1.96 * d.ictStdError()));
      extent.add(clamp(d.ictEstimate() + 1.96 * d.ictStdError()));
      extent.add(clamp(d.traditionalEstimate() - 1.96 * d.traditionalStdError()));
      extent.add(clamp(d.traditionalEstimate() + 1.96 * d.traditionalStdError()));
    }
    Axis x = Axis.covering(extent, 0.0, PLOT_LEFT, PLOT_RIGHT);
    double height = TOP + Math.max(1, rows.size()) * ROW + BOTTOM;
    Svg svg = new Svg(WIDTH, height, "ICT vs traditional co-production effects, models " + ictModel + " and " + traditionalModel);
    double axisY = TOP + rows.size() * ROW + 6;
    for (double or : x.oddsRatioTicks()) {
      double px = x.pixel(Math.log(or));
      svg.line(px, TOP - 6, px, axisY, "grid");
      svg.text(px, axisY + 16, "middle", "tick", Html.number(or, 3));
    }
    svg.line(x.pixel(0), TOP - 8, x.pixel(0), axisY, "reference");
    svg.line(PLOT_LEFT, axisY, PLOT_RIGHT, axisY, "axis");
    svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, axisY + 34, "middle", "axis-title", "odds ratio (log scale), 95% CI");
    svg.circle(PLOT_LEFT + 4, 10, 4.5, "divide-key-ict", null);
    svg.text(PLOT_LEFT + 14, 14, "start", "tick", "ICT-enabled (" + ictModel + ")");
    svg.circle(PLOT_LEFT + 224, 10, 4.5, "divide-key-traditional", null);
    svg.text(PLOT_LEFT + 234, 14, "start", "tick", "traditional (" + traditionalModel + ")");
    svg.text(PLOT_RIGHT + 12, TOP - 6, "start", "tick", "ICT − trad. (p)");
    for (int i = 0; i < rows.size(); i++) {
      Divide d = rows.get(i);
      double y = TOP + i * ROW + ROW / 2;
      svg.label(LABEL_RIGHT, y + 4, "end", "term", d.term(), 38);
      mark(svg, x, y - 5, d.ictEstimate(), d.ictStdError(), "divide-ict", "ICT: " + d.term());
      mark(svg, x, y + 5, d.traditionalEstimate(), d.traditionalStdError(), "divide-traditional", "traditional: " + d.term());
      String flag = d.widerForIct() ? " ◆ wider for ICT" : "";
      svg.text(PLOT_RIGHT + 12, y + 4, "start", d.widerForIct() ? "value wider" : "value",
          Html.number(d.difference(), 3) + " (" + Html.pValue(d.differencePValue()).replace("&lt;", "<") + ")" + flag);
    }
    if (rows.isEmpty()) {
      svg.text((PLOT_LEFT + PLOT_RIGHT) / 2, TOP + ROW / 2, "middle", "empty", "no factor with finite estimates in both models");
    }
    return svg.toString();
  }

  private static void mark(Svg svg, Axis x, double y, double estimate, double se, String cssClass, String tip) {
    double low = estimate - 1.96 * se;
    double high = estimate + 1.96 * se;
    svg.line(x.pixel(low), y, x.pixel(high), y, cssClass + "-ci");
    svg.circle(x.pixel(estimate), y, 4, cssClass, tip + ": OR " + Html.number(Math.exp(estimate), 3) + " ["
        + Html.number(Math.exp(low), 3) + ", " + Html.number(Math.exp(high), 3) + "]");
  }

  private static double clamp(double log) {
    return Math.max(-MAX_LOG, Math.min(MAX_LOG, log));
  }

  private static boolean finite(Double x) {
    return x != null && Double.isFinite(x);
  }
}
