package org.coprod.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's small pieces without Spark: escaping, number formatting, axes and the SVG writer. */
class ReportPiecesTest {

  @Test
  void escapesMarkupCharactersInTextAndAttributes() {
    assertThat(Html.escape("<script>alert('x')</script> & \"q\"")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.escape("a\u0000b\tc")).isEqualTo("a\uFFFDb\tc");
    String svg = new Svg(10, 10, "<t>").circle(1, 2, 3, "c", "<g> & \"h\"").text(1, 1, "start", "x", "</svg>").toString();
    assertThat(svg).contains("aria-label=\"&lt;t&gt;\"").contains("<title>&lt;g&gt; &amp; &quot;h&quot;</title>")
        .contains(">&lt;/svg&gt;</text>").doesNotContain("<g>");
  }

  @Test
  void formatsNumbersForReading() {
    assertThat(Html.number(1.23456, 3)).isEqualTo("1.23");
    assertThat(Html.number(1215.0, 6)).isEqualTo("1215");
    assertThat(Html.number(-600.5, 6)).isEqualTo("-600.5");
    assertThat(Html.number(0.0001234, 3)).isEqualTo("1.23e-04");
    assertThat(Html.number((Double) null, 3)).isEqualTo("–");
    assertThat(Html.number(Double.NaN, 3)).isEqualTo("–");
    assertThat(Html.pValue(0.0004)).isEqualTo("&lt;0.001");
    assertThat(Html.pValue(0.0312)).isEqualTo("0.031");
    assertThat(Html.number(12345L)).isEqualTo("12,345");
  }

  @Test
  void oddsRatioAxesHaveAtLeastFourRoundTicks() {
    assertThat(new Axis(Math.log(0.6), Math.log(2.2), 0, 100).oddsRatioTicks()).hasSizeGreaterThanOrEqualTo(4).contains(1.0, 2.0);
    assertThat(new Axis(Math.log(0.95), Math.log(1.1), 0, 100).oddsRatioTicks()).hasSizeGreaterThanOrEqualTo(3).allMatch(or -> or >= 0.95 && or <= 1.1);
    List<Double> wide = new Axis(Math.log(1e-3), Math.log(1e3), 0, 100).oddsRatioTicks();
    assertThat(wide).containsExactly(0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0);
  }

  @Test
  void axesMapAndClamp() {
    Axis axis = new Axis(0, 10, 100, 200);
    assertThat(axis.pixel(5)).isEqualTo(150);
    assertThat(axis.pixel(20)).isEqualTo(200);
    assertThat(axis.clips(20)).isTrue();
    assertThat(new Axis(3, 3, 0, 1).pixel(3)).isEqualTo(0.5);
    assertThat(axis.ticks()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0);
  }

  @Test
  void forestPlotDrawsOnlyTermsWithFiniteIntervals() {
    RunContents.Effect ok = effect("a", 1.5, 1.1, 2.0, "enabler");
    RunContents.Effect aliased = effect("b", null, null, null, null);
    RunContents.Effect intercept = effect("(Intercept)", 0.5, 0.4, 0.6, null);
    String svg = ForestPlot.svg("m", List.of(intercept, ok, aliased));
    assertThat(HeadlessChromium.count(svg, "class=\"forest-ci ")).isEqualTo(1);
    assertThat(svg).contains("forest-ci enabler");
  }

  private static RunContents.Effect effect(String term, Double or, Double low, Double high, String role) {
    return new RunContents.Effect("m", "y", term, term, "citizen", "c", null, or == null ? null : Math.log(or), 0.1, 0.01, or, low, high,
        role, or == null);
  }
}
