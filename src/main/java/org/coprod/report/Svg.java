package org.coprod.report;

import java.util.Locale;

/**
 * A minimal inline-SVG writer: lines, circles, rectangles and text, with a CSS class per
 * mark so that the page's stylesheet colours them and a test can count them. Text and
 * tooltips are escaped; coordinates are written with one decimal.
 */
final class Svg {

  private final StringBuilder body = new StringBuilder();
  private final double width;
  private final double height;
  private final String label;

  Svg(double width, double height, String label) {
    this.width = width;
    this.height = height;
    this.label = label;
  }

  Svg line(double x1, double y1, double x2, double y2, String cssClass) {
    body.append("<line class=\"").append(cssClass).append("\" x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1))
        .append("\" x2=\"").append(f(x2)).append("\" y2=\"").append(f(y2)).append("\"/>\n");
    return this;
  }

  /** A circle with a tooltip ({@code <title>}), the only interaction a script-free page has. */
  Svg circle(double cx, double cy, double r, String cssClass, String tooltip) {
    body.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy))
        .append("\" r=\"").append(f(r)).append("\">");
    if (tooltip != null) {
      body.append("<title>").append(Html.escape(tooltip)).append("</title>");
    }
    body.append("</circle>\n");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String cssClass) {
    body.append("<rect class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" width=\"").append(f(w)).append("\" height=\"").append(f(h)).append("\"/>\n");
    return this;
  }

  /** Text anchored at start, middle or end. */
  Svg text(double x, double y, String anchor, String cssClass, String text) {
    body.append("<text class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(text)).append("</text>\n");
    return this;
  }

  /** Text with the full string as tooltip, shortened to {@code maxChars} for display. */
  Svg label(double x, double y, String anchor, String cssClass, String text, int maxChars) {
    String shown = text.length() > maxChars ? text.substring(0, maxChars - 1) + "…" : text;
    body.append("<text class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" text-anchor=\"").append(anchor).append("\"><title>").append(Html.escape(text)).append("</title>")
        .append(Html.escape(shown)).append("</text>\n");
    return this;
  }

  @Override
  public String toString() {
    return "<svg class=\"plot\" width=\"" + f(width) + "\" height=\"" + f(height)
        + "\" viewBox=\"0 0 " + f(width) + " " + f(height) + "\" role=\"img\" aria-label=\"" + Html.escape(label) + "\">\n"
        + body + "</svg>\n";
  }

  private static String f(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
