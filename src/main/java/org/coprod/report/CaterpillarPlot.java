package org.coprod.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.coprod.report.RunContents.GroupEffect;

/**
 * Caterpillar plot of one model's group effects: groups sorted by conditional mode along x,
 * each a {@code group-point} with a {@code group-ci} line of ± 1.96 conditional SD, and a
 * reference line at 0 (the average group). Suppressed groups are not in the input.
 */
final class CaterpillarPlot {

  static final double WIDTH = 920;
  private static final double HEIGHT = 320;
  private static final double LEFT = 70;
  private static final double RIGHT = WIDTH - 20;
  private static final double TOP = 14;
  private static final double BOTTOM = HEIGHT - 40;

  private CaterpillarPlot() {}

  static List<GroupEffect> sorted(List<GroupEffect> groups) {
    return groups.stream().sorted(Comparator.comparingDouble(GroupEffect::mode).thenComparing(GroupEffect::groupId)).toList();
  }

  static String svg(String modelId, String grouping, List<GroupEffect> groups) {
    List<GroupEffect> rows = sorted(groups);
    List<Double> extent = new ArrayList<>();
    for (GroupEffect g : rows) {
      double half = g.sd() == null ? 0 : 1.96 * g.sd();
      extent.add(g.mode() - half);
      extent.add(g.mode() + half);
    }
    Axis y = Axis.covering(extent, 0.0, BOTTOM, TOP);
    Svg svg = new Svg(WIDTH, HEIGHT, "Caterpillar plot of " + grouping + " effects for model " + modelId);
    for (double tick : y.ticks()) {
      double py = y.pixel(tick);
      svg.line(LEFT, py, RIGHT, py, "grid");
      svg.text(LEFT - 6, py + 4, "end", "tick", Html.number(tick, 3));
    }
    svg.line(LEFT, y.pixel(0), RIGHT, y.pixel(0), "reference");
    svg.line(LEFT, BOTTOM, RIGHT, BOTTOM, "axis");
    svg.text((LEFT + RIGHT) / 2, HEIGHT - 12, "middle", "axis-title",
        grouping + " sorted by conditional mode (" + rows.size() + " shown); hover a point for its id");
    svg.text(14, (TOP + BOTTOM) / 2, "middle", "axis-title vertical", "log-odds");
    double step = (RIGHT - LEFT) / Math.max(1, rows.size());
    double radius = rows.size() > 300 ? 1.6 : rows.size() > 60 ? 2.5 : 4;
    for (int i = 0; i < rows.size(); i++) {
      GroupEffect g = rows.get(i);
      double px = LEFT + (i + 0.5) * step;
      if (g.sd() != null && Double.isFinite(g.sd())) {
        svg.line(px, y.pixel(g.mode() - 1.96 * g.sd()), px, y.pixel(g.mode() + 1.96 * g.sd()), "group-ci");
      }
      String tip = grouping + " " + g.groupId() + ": mode " + Html.number(g.mode(), 3) + ", SD " + Html.number(g.sd(), 3)
          + ", n " + (g.n() == null ? "–" : g.n());
      svg.circle(px, y.pixel(g.mode()), radius, "group-point", tip);
    }
    return svg.toString();
  }
}
