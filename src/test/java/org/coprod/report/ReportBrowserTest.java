package org.coprod.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.coprod.cli.Main;
import org.coprod.cli.ReportCommand;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in a real headless Chromium: the page loads without a console message (no
 * script error, no blocked resource), the plots have one mark per term and per unsuppressed
 * group, hostile strings are text in the DOM, and a screenshot lands in
 * target/report-screenshot.png for a human to look at. Skipped when no Chromium is installed
 * (and fails when CI=true, because CI installs Debian's chromium package).
 */
@SparkTest
class ReportBrowserTest {

  private HeadlessChromium chromium;

  @BeforeEach
  void findChromium() {
    Optional<HeadlessChromium> found = HeadlessChromium.find();
    // CI installs chromium (.ci/run), so there a missing browser is a broken build, not a skip.
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail("CI=true but no chromium binary: .ci/run must install Debian's chromium package");
    }
    assumeTrue(found.isPresent(), "no chromium binary on the PATH (set CHROMIUM to use another)");
    chromium = found.get();
  }

  @Test
  void reportOfARealMultilevelFitRendersCleanly(SparkSession spark, @TempDir Path temp) throws Exception {
    String out = temp.resolve("out").toString();
    int fit = Main.execute(() -> spark, "fit", "--data", "src/test/resources/golden/cbpp/data.csv", "--formula",
        "cbind(successes, trials - successes) ~ period2 + period3 + period4 + (1 | group)", "--method", "laplace",
        "--min-group-size", "1", "--id", "cbpp", "--out", out);
    assertThat(fit).isZero();
    // Through the command itself: Main registers it, but this test must not depend on that.
    int report = new picocli.CommandLine(new ReportCommand(() -> spark)).execute("--in", out, "--out", temp.resolve("report").toString());
    assertThat(report).isZero();

    HeadlessChromium.Page page = chromium.load(temp.resolve("report/report.html"));
    assertThat(page.consoleMessages()).isEmpty();
    // Three fixed effects besides the intercept; 15 herds, none suppressed at --min-group-size 1.
    assertThat(HeadlessChromium.count(page.dom(), "class=\"forest-ci ")).isEqualTo(3);
    assertThat(HeadlessChromium.count(page.dom(), "class=\"forest-point ")).isEqualTo(3);
    assertThat(HeadlessChromium.count(page.dom(), "class=\"group-point\"")).isEqualTo(15);
    assertThat(HeadlessChromium.count(page.dom(), "class=\"group-ci\"")).isEqualTo(15);
    assertThat(page.dom()).contains("0 suppressed by disclosure control");
  }

  @Test
  void hostileStringsStayTextInTheDom(SparkSession spark, @TempDir Path temp) throws Exception {
    String out = ReportFixtures.writeRun(spark, temp.resolve("out"));
    Path html = temp.resolve("report.html");
    HtmlReport.write(spark, out, html);

    HeadlessChromium.Page page = chromium.load(html);
    assertThat(page.consoleMessages()).isEmpty();
    String dom = page.dom();
    // The serialiser escapes <, > and & in text, so an element made from data would show as a tag.
    assertThat(dom.toLowerCase()).doesNotContain("<script");
    assertThat(dom).doesNotContain("<b>bold</b>");
    assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(dom).contains("trust &amp; \"quotes\" 'single' &lt;b&gt;bold&lt;/b&gt;");
    assertThat(dom).contains("Nbh \"A\" &amp; 'B'");
    assertThat(HeadlessChromium.count(dom, "class=\"group-point\"")).isEqualTo(ReportFixtures.GROUPS - ReportFixtures.SUPPRESSED);
    assertThat(HeadlessChromium.count(dom, "class=\"forest-ci ")).isEqualTo(13);
    assertThat(HeadlessChromium.count(dom, "class=\"divide-ict\"")).isEqualTo(6);

    Path screenshot = Path.of("target/report-screenshot.png");
    Files.deleteIfExists(screenshot);
    chromium.screenshot(html, screenshot, 1400, 4400);
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }
}
