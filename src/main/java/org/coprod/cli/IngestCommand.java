package org.coprod.cli;

import static org.apache.spark.sql.functions.lit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.coprod.ingest.IngestResult;
import org.coprod.ingest.IngestStage;
import org.coprod.ingest.SourceCounts;
import org.coprod.ingest.SourceResult;
import org.coprod.output.IngestTableSchemas;
import org.coprod.output.RunFolder;
import org.coprod.output.TableWriter;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;
import org.coprod.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coprod ingest}: validates the five sources against the input contract (and the tables a
 * job spec declares against theirs) and writes a run with the clean tables ({@code clean/<source>/},
 * {@code clean/<table>/}), {@code quality} and {@code quarantine}.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Read, validate and pseudonymise the input sources; write clean Parquet tables, quality and quarantine.",
      "Either a job spec (JOB.yaml; it may also declare tables: and a data_root:, see docs/job-spec-inputs.md)",
      "or one path per source with --out. The pseudonymisation key comes from the environment variable named",
      "by privacy.key_env (default COPROD_PSEUDONYM_KEY) or a declared demo key."
    })
final class IngestCommand implements Callable<Integer> {

  private final Supplier<SparkSession> spark;

  @Parameters(index = "0", arity = "0..1", paramLabel = "JOB.yaml", description = "job spec (inputs, output, privacy)")
  Path job;

  @Option(names = "--survey", description = "survey files: a path or glob on any Hadoop filesystem")
  String survey;

  @Option(names = "--usage", description = "usage event files")
  String usage;

  @Option(names = "--links", description = "respondent-account link files")
  String links;

  @Option(names = "--neighbourhoods", description = "neighbourhood files")
  String neighbourhoods;

  @Option(names = "--municipalities", description = "municipality files")
  String municipalities;

  @Option(names = "--format", description = "csv, json or parquet (default: from the file names, csv otherwise)")
  String format;

  @Option(names = "--delimiter", defaultValue = ",", description = "CSV delimiter (default: '${DEFAULT-VALUE}')")
  String delimiter;

  @Option(names = "--key-env", defaultValue = "COPROD_PSEUDONYM_KEY",
      description = "environment variable holding the pseudonymisation key (default: ${DEFAULT-VALUE})")
  String keyEnv;

  @Option(names = "--demo-key", description = "a non-secret key for demo data (used when the key variable is unset)")
  String demoKey;

  @Option(names = "--out", description = "output folder; the run goes to OUT/runs/<run_id>/")
  String out;

  IngestCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    JobSpec spec = spec();
    SparkSession session = spark.get();
    RunFolder run = RunFolder.open(spec.output(), session.sparkContext().hadoopConfiguration());
    IngestResult result = IngestStage.run(session, spec, run.stagingTable("clean"));
    TableWriter.write(run, "quality", IngestTableSchemas.withRunId(result.quality(), run.runId()).coalesce(1));
    TableWriter.write(run, "quarantine", IngestTableSchemas.withRunId(result.quarantine(), run.runId()));
    result.release();
    run.commit();
    System.out.printf(Locale.ROOT, "%-20s %10s %10s %12s %10s%n", "source", "read", "accepted", "quarantined",
        "dropped");
    for (SourceResult source : result.sources().values()) {
      SourceCounts c = source.counts();
      System.out.printf(Locale.ROOT, "%-20s %10d %10d %12d %10d%n", source.source(), c.read(), c.accepted(),
          c.quarantined(), c.duplicatesDropped());
    }
    System.out.println("outputs: " + run.publishedFolder());
    return ExitCodes.OK;
  }

  /** The spec from JOB.yaml, or built from the options; checked before Spark starts. */
  JobSpec spec() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("survey", survey);
    paths.put("usage", usage);
    paths.put("links", links);
    paths.put("neighbourhoods", neighbourhoods);
    paths.put("municipalities", municipalities);
    boolean anyPath = paths.values().stream().anyMatch(p -> p != null);
    if (job != null) {
      if (anyPath || out != null) {
        throw new SpecException("give either JOB.yaml or --survey/--usage/--links/--neighbourhoods/--municipalities "
            + "with --out, not both");
      }
      return JobSpecReader.read(job);
    }
    List<String> missing = paths.entrySet().stream().filter(e -> e.getValue() == null).map(e -> "--" + e.getKey())
        .toList();
    if (!missing.isEmpty() || out == null) {
      throw new SpecException("missing " + (missing.isEmpty() ? "--out" : String.join(", ", missing))
          + " (or give a job spec: coprod ingest JOB.yaml)");
    }
    if (delimiter.length() != 1) {
      throw new SpecException("invalid --delimiter: \"" + delimiter + "\" (must be one character)");
    }
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    paths.forEach((source, path) -> {
      if (!org.coprod.spec.Locations.hasScheme(path) && !path.contains("*") && !Files.exists(Path.of(path))) {
        throw new SpecException("--" + source + ": no such file or directory: " + path);
      }
      inputs.put(source, new InputSpec(source, path, format(path), delimiter));
    });
    return new JobSpec("ingest", inputs, out, keyEnv, demoKey, 10, List.of(), org.coprod.features.FeatureOptions.defaults());
  }

  private InputSpec.Format format(String path) {
    if (format != null) {
      return FitCommand.parseEnum("--format", format, InputSpec.Format.class);
    }
    String name = path.toLowerCase(Locale.ROOT);
    if (Files.isDirectory(Path.of(path))) {
      try (Stream<Path> files = Files.list(Path.of(path))) {
        name = files.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
            .filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().findFirst().orElse(name);
      } catch (java.io.IOException e) {
        throw new SpecException("cannot list " + path + ": " + e.getMessage());
      }
    }
    name = name.replaceAll("\\.(gz|bz2|deflate|zst|lz4|snappy)$", "");
    if (name.endsWith(".parquet")) {
      return InputSpec.Format.PARQUET;
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return InputSpec.Format.JSON;
    }
    return InputSpec.Format.CSV;
  }
}
