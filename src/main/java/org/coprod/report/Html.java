package org.coprod.report;

import java.util.List;
import java.util.Locale;

/**
 * HTML text helpers. Every string that comes from the data goes through {@link #escape}, in
 * text and in attributes alike, so that a group named {@code <script>} stays text.
 */
final class Html {

  private Html() {}

  /** Escapes the five characters that can change the meaning of HTML or SVG markup; null becomes "". */
  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // Control characters other than tab and newlines are not allowed in HTML text.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A number with {@code digits} significant digits, or an en dash when missing. */
  static String number(Double value, int digits) {
    if (value == null || !Double.isFinite(value)) {
      return "–";
    }
    double x = value;
    if (x != 0 && (Math.abs(x) >= 1e7 || Math.abs(x) < 1e-3)) {
      return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
    }
    return new java.math.BigDecimal(x).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  static String number(Long value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,d", value);
  }

  /** p-values as journals print them. */
  static String pValue(Double p) {
    if (p == null || !Double.isFinite(p)) {
      return "–";
    }
    return p < 0.001 ? "&lt;0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** OR [low, high] with three significant digits. */
  static String oddsRatio(Double or, Double low, Double high) {
    return number(or, 3) + " [" + number(low, 3) + ", " + number(high, 3) + "]";
  }

  /** A table with escaped header cells; body cells are given as ready HTML (callers escape data). */
  static void table(StringBuilder out, String cssClass, List<String> header, List<List<String>> rows) {
    out.append("<table class=\"").append(cssClass).append("\"><thead><tr>");
    header.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
    out.append("</tr></thead><tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      row.forEach(cell -> out.append("<td>").append(cell).append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");
  }
}
