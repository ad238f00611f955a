package org.coprod.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run report: one self-contained HTML file (inline CSS and SVG, no script, no external
 * asset, so it opens offline and can be mailed) with the run summary and data quality, the
 * review's four quadrants filled with the estimated factors, a forest plot per model, model
 * comparison, the digital-divide plot and caterpillar plots of group effects. Every string
 * from the data is HTML-escaped, and a Content-Security-Policy forbids scripts and remote
 * loads as a second line of defence.
 */
public final class HtmlReport {

  /** Default bound on the groups drawn per model and grouping (see {@link RunReader}). */
  public static final int DEFAULT_MAX_GROUPS = 2000;

  private static final Logger LOG = LoggerFactory.getLogger(HtmlReport.class);

  private HtmlReport() {}

  /**
   * Reads a run (a run folder, or an output folder whose {@code latest} run is taken) and
   * writes the report to {@code outHtml}, creating its parent folders.
   *
   * @return the run folder that was reported
   */
  public static String write(SparkSession spark, String runOrOutputFolder, Path outHtml) {
    return write(spark, runOrOutputFolder, outHtml, DEFAULT_MAX_GROUPS);
  }

  public static String write(SparkSession spark, String runOrOutputFolder, Path outHtml, int maxGroups) {
    if (maxGroups < 4) {
      throw new IllegalArgumentException("invalid maxGroups: " + maxGroups + " (must be >= 4)");
    }
    long start = System.nanoTime();
    String run = RunLocator.resolve(runOrOutputFolder, spark.sparkContext().hadoopConfiguration());
    RunContents contents = RunReader.read(spark, run, maxGroups);
    String html = render(contents, maxGroups);
    try {
      if (outHtml.toAbsolutePath().getParent() != null) {
        Files.createDirectories(outHtml.toAbsolutePath().getParent());
      }
      Path temporary = outHtml.resolveSibling(outHtml.getFileName() + ".tmp");
      Files.writeString(temporary, html, StandardCharsets.UTF_8);
      Files.move(temporary, outHtml, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outHtml, e);
    }
    LOG.info("report: run {} ({} models, {} terms, {} groups drawn) -> {} ({} KB) in {} s", contents.runId(), contents.fits().size(),
        contents.effects().size(), contents.groups().size(), outHtml, html.length() / 1024, String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return run;
  }

  static String render(RunContents run, int maxGroups) {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.append("<title>coprod report: ").append(Html.escape(run.runId())).append("</title>\n<style>").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
    out.append("<header><h1>ICT-enabled co-production: barriers and enablers</h1>\n<p>coprod run <code>").append(Html.escape(run.runId()))
        .append("</code>, report generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("</p>\n");
    out.append("<nav><a href=\"#summary\">Run</a> · <a href=\"#quality\">Data quality</a> · <a href=\"#quadrants\">Barriers and enablers</a> · "
        + "<a href=\"#forest\">Odds ratios</a> · <a href=\"#divide\">Digital divide</a> · <a href=\"#groups\">Group effects</a> · "
        + "<a href=\"#models\">Model comparison</a></nav></header>\n<main>\n");
    SummarySection.write(out, run);
    QuadrantSection.write(out, run.effects());
    ModelSections.forest(out, run);
    ModelSections.divide(out, run);
    ModelSections.groups(out, run, maxGroups);
    ModelSections.comparison(out, run);
    out.append("</main>\n<footer>Taxonomy after Clifton, Díaz-Fuentes and Llamosas García, \"ICT-enabled co-production of public services:"
        + " barriers and enablers. A systematic review\", Information Polity. Wald 95% intervals throughout.</footer>\n</body>\n</html>\n");
    return out.toString();
  }
}
