package org.coprod.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.coprod.report.HtmlReport;
import org.coprod.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprod report --in RUN --out DIR}: one self-contained HTML report of a run. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write DIR/report.html: one self-contained HTML file (no script, works offline) with the run summary, data quality,",
      "the review's barriers and enablers, forest plots, the digital divide, group effects and model comparison."
    })
public final class ReportCommand implements Callable<Integer> {

  private final Supplier<SparkSession> spark;

  @Option(names = "--in", required = true, description = "a run folder (OUT/runs/<run_id>) or an output folder (its latest run is taken)")
  String in;

  @Option(names = "--out", required = true, description = "folder for report.html (created if missing)")
  String out;

  @Option(names = "--max-groups", defaultValue = "" + HtmlReport.DEFAULT_MAX_GROUPS,
      description = "at most this many groups per model in a caterpillar plot: the most extreme and a sample (default: ${DEFAULT-VALUE})")
  int maxGroups;

  public ReportCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    if (maxGroups < 4) {
      throw new SpecException("invalid --max-groups: " + maxGroups + " (must be >= 4)");
    }
    boolean remote = org.coprod.spec.Locations.hasScheme(in) && !in.startsWith("file:");
    if (!remote && !Files.isDirectory(Path.of(in.startsWith("file:") ? java.net.URI.create(in).getPath() : in))) {
      throw new SpecException("--in: no such folder: " + in);
    }
    Path outFolder = Path.of(out);
    if (Files.exists(outFolder) && !Files.isDirectory(outFolder)) {
      throw new SpecException("--out: not a folder: " + out);
    }
    Path html = outFolder.resolve("report.html");
    String run = HtmlReport.write(spark.get(), in, html);
    System.out.println("report of " + run + ": " + html.toAbsolutePath());
    return ExitCodes.OK;
  }
}
