package org.coprod.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.RunFolder;
import org.coprod.output.TableWriter;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The report's content and bounds on a hand-made run with every table (no browser needed). */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportTest {

  private Path temp;
  private String output;
  private String html;

  @BeforeAll
  void writeReport(SparkSession spark, @TempDir Path temp) throws Exception {
    this.temp = temp;
    output = ReportFixtures.writeRun(spark, temp.resolve("out"));
    Path file = temp.resolve("report/report.html");
    String run = HtmlReport.write(spark, output, file);
    assertThat(run).endsWith("runs/" + ReportFixtures.RUN_ID);
    html = Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void isSelfContained() {
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=").doesNotContain("http://")
        .doesNotContain("https://").doesNotContain("@import").doesNotContain("url(");
    assertThat(html).contains("Content-Security-Policy");
  }

  @Test
  void escapesEveryDataString() {
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("trust &amp; &quot;quotes&quot; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;");
    assertThat(html).contains("Nbh &quot;A&quot; &amp; &#39;B&#39;");
    assertThat(html).contains("&lt;rule &amp; &quot;x&quot;&gt;");
    assertThat(html).doesNotContain("<b>bold</b>");
  }

  @Test
  void fillsTheFourQuadrants() {
    assertThat(cell("government-barrier")).contains("mun_staff_resistance").doesNotContain("digital_training");
    assertThat(cell("government-enabler")).contains("mun_digital_budget");
    assertThat(cell("citizen-barrier")).contains("age10").contains("demographics: age");
    assertThat(cell("citizen-enabler")).contains("digital_training").contains("tailored digital training");
    // trust_local is an enabler only for traditional co-production (OR 1.22 in that model).
    assertThat(cell("citizen-enabler")).contains("trust_local").contains("traditional");
    assertThat(html).contains("Not in the review").contains("x_unknown");
  }

  @Test
  void drawsOneMarkPerTermAndGroup() {
    // ict and traditional: 6 plottable terms each; multilevel: age10 only (aliased_term is not drawn).
    assertThat(HeadlessChromium.count(html, "class=\"forest-ci ")).isEqualTo(13);
    assertThat(HeadlessChromium.count(html, "class=\"forest-point ")).isEqualTo(13);
    assertThat(html).contains("aliased_term");
    int shown = ReportFixtures.GROUPS - ReportFixtures.SUPPRESSED;
    assertThat(HeadlessChromium.count(html, "class=\"group-point\"")).isEqualTo(shown);
    assertThat(HeadlessChromium.count(html, "class=\"group-ci\"")).isEqualTo(shown);
    assertThat(html).contains(ReportFixtures.SUPPRESSED + " suppressed by disclosure control");
    assertThat(HeadlessChromium.count(html, "class=\"divide-ict\"")).isEqualTo(6);
    assertThat(HeadlessChromium.count(html, "class=\"divide-traditional\"")).isEqualTo(6);
    assertThat(html).contains("wider for ICT");
  }

  @Test
  void caterpillarIsSortedByMode() {
    Matcher points = Pattern.compile("class=\"group-point\" cx=\"[^\"]+\" cy=\"([^\"]+)\"").matcher(html);
    double previous = Double.POSITIVE_INFINITY;
    int n = 0;
    while (points.find()) {
      double cy = Double.parseDouble(points.group(1));
      assertThat(cy).as("SVG y grows downwards, so sorted modes have falling cy").isLessThanOrEqualTo(previous);
      previous = cy;
      n++;
    }
    assertThat(n).isEqualTo(ReportFixtures.GROUPS - ReportFixtures.SUPPRESSED);
  }

  @Test
  void showsRunSummaryQualityAndComparison() {
    assertThat(html).contains(ReportFixtures.RUN_ID).contains("inputs.survey.rows").contains("timings[0].stage");
    assertThat(html).contains("<span class=\"flag\">10</span>");
    assertThat(html).contains("median OR").contains("0.058").contains("7.3").contains("laplace");
    assertThat(html).contains("Variance components").contains("0.2025");
  }

  @Test
  void boundsTheGroupsDrawn(SparkSession spark) throws Exception {
    Path file = temp.resolve("bounded.html");
    HtmlReport.write(spark, output, file, 8);
    String bounded = Files.readString(file, StandardCharsets.UTF_8);
    int points = HeadlessChromium.count(bounded, "class=\"group-point\"");
    assertThat(points).isEqualTo(8);
    assertThat(bounded).contains("showing " + points + " of " + (ReportFixtures.GROUPS - ReportFixtures.SUPPRESSED));
    // The two highest modes (groups 39 and 38 by construction) are always kept.
    assertThat(bounded).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("n3:");
  }

  @Test
  void staysSmallForAHundredThousandGroups(SparkSession spark) throws Exception {
    RunFolder run = RunFolder.open(temp.resolve("large").toString(), "20260103T000000Z-large000", spark.sparkContext().hadoopConfiguration());
    TableWriter.write(run, "group_effects", spark.range(100_000).selectExpr("'20260103T000000Z-large000' AS run_id", "'big' AS model_id",
            "'neighbourhood_id' AS grouping", "concat('g', CAST(id AS STRING)) AS group_id", "CAST(id % 7 + 10 AS INT) AS n",
            "sin(CAST(id AS DOUBLE)) * 2 AS conditional_mode", "0.2D AS conditional_sd", "id % 10 = 0 AS suppressed"));
    run.commit();
    // A folder the report does not draw (e.g. the features table) is still listed.
    Files.createDirectories(temp.resolve("large/runs/20260103T000000Z-large000/features"));
    Path file = temp.resolve("large.html");
    HtmlReport.write(spark, temp.resolve("large").toString(), file);
    String large = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(HeadlessChromium.count(large, "class=\"group-point\"")).isEqualTo(HtmlReport.DEFAULT_MAX_GROUPS);
    assertThat(large).contains("100000 groups; 10000 suppressed").contains("showing 2000 of 90000");
    assertThat(Files.size(file)).isLessThan(1_000_000);
    assertThat(large).contains("<code>features</code> present");
  }

  @Test
  void saysWhichTablesAreAbsent(SparkSession spark) throws Exception {
    RunFolder run = RunFolder.open(temp.resolve("partial").toString(), "20260102T000000Z-partial0", spark.sparkContext().hadoopConfiguration());
    TableWriter.writeSmall(spark, run, "factor_effects", FactorEffectRow.SCHEMA, List.of());
    run.commit();
    Path file = temp.resolve("partial.html");
    HtmlReport.write(spark, run.publishedFolder(), file);
    String partial = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(partial).contains("<code>quality</code> absent").contains("<code>group_effects</code> absent")
        .contains("<code>factor_effects</code> present").contains("No <code>divide</code> table").contains("no manifest.json")
        .contains("The <code>factor_effects</code> table is empty");
  }

  @Test
  void rejectsAFolderThatIsNoRun(SparkSession spark) throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertThatThrownBy(() -> HtmlReport.write(spark, empty.toString(), temp.resolve("x.html")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither a run folder");
    assertThatThrownBy(() -> HtmlReport.write(spark, temp.resolve("missing").toString(), temp.resolve("x.html")))
        .hasMessageContaining("no such folder");
  }

  private String cell(String quadrant) {
    int start = html.indexOf("data-quadrant=\"" + quadrant + "\"");
    assertThat(start).as(quadrant).isPositive();
    return html.substring(start, html.indexOf("</td>", start));
  }
}
