package org.coprod.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.coprod.generate.GenerationResult;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coprod generate}: writes a synthetic population with known true effects. Numeric
 * options are taken as text and validated here, all before Spark starts, so that every bad
 * value exits 2 with one line naming the value and the allowed range, whatever exception
 * handler the enclosing command line installs.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate a synthetic population (survey, usage, links, neighbourhoods, municipalities) "
        + "with known true effects, plus truth.json and manifest.json.")
public final class GenerateCommand implements Callable<Integer> {

  /** Exit code of a usage error. */
  public static final int USAGE_ERROR = 2;

  @Spec
  CommandSpec spec;

  @Option(names = "--citizens", required = true, paramLabel = "N", description = "Survey respondents, 1..1e9.")
  String citizens;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "Master seed (any 64-bit integer).")
  String seed;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, json or parquet.")
  String format;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (local or Hadoop URI).")
  String out;

  @Option(names = "--dirty-rate", paramLabel = "R", defaultValue = "0",
      description = "Fraction of rows per source with one injected defect, 0..0.5 (default: ${DEFAULT-VALUE}).")
  String dirtyRate;

  @Option(names = "--neighbourhoods", paramLabel = "K",
      description = "Neighbourhoods, 1..99999 (default: citizens / 50, between 20 and 20000).")
  String neighbourhoods;

  @Option(names = "--municipalities", paramLabel = "M",
      description = "Municipalities, 1..min(9999, neighbourhoods) (default: neighbourhoods / 8, at least 4).")
  String municipalities;

  @Option(names = "--waves", paramLabel = "W", defaultValue = "2", description = "Survey waves, 1..10 "
      + "(default: ${DEFAULT-VALUE}).")
  String waves;

  @Option(names = "--events-per-citizen", paramLabel = "E", defaultValue = "20",
      description = "Mean usage events per respondent over all accounts, 0..1000 (default: ${DEFAULT-VALUE}).")
  String eventsPerCitizen;

  @Option(names = "--rows-per-partition", paramLabel = "R", defaultValue = "100000",
      description = "Respondents per partition and output file, 100..10000000 (default: ${DEFAULT-VALUE}).")
  String rowsPerPartition;

  private final Supplier<SparkSession> sparkSupplier;

  /** For the main command line: Spark comes from the caller's supplier, started only when needed. */
  public GenerateCommand(Supplier<SparkSession> sparkSupplier) {
    this.sparkSupplier = java.util.Objects.requireNonNull(sparkSupplier, "sparkSupplier is null");
  }

  /** Standalone use: the active session, or a local one ({@code local[*]}) when none is configured. */
  public GenerateCommand() {
    this(GenerateCommand::defaultSession);
  }

  @Override
  public Integer call() {
    GeneratorConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
      err.println("generate: " + e.getMessage());
      err.flush();
      return USAGE_ERROR;
    }
    GenerationResult result = Generator.generate(sparkSupplier.get(), config);
    PrintWriter stdout = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    stdout.printf(Locale.ROOT, "generated %d respondents into %s: lines %s, injected defects %s, %d ms%n",
        config.citizens(), result.out(), new java.util.TreeMap<>(result.lines()),
        new java.util.TreeMap<>(result.injected()), result.elapsedMillis());
    stdout.flush();
    return 0;
  }

  /** Parses and validates every option; throws with a one-line message naming value and range. */
  GeneratorConfig config() {
    long n = parseLong("citizens", citizens, "1.." + GeneratorConfig.MAX_CITIZENS);
    long s = parseLong("seed", seed, "a 64-bit integer");
    OutputFormat f = OutputFormat.parse(format);
    GeneratorConfig config = GeneratorConfig.of(n, s, f, out);
    config = config.withDirtyRate(parseDouble("dirty-rate", dirtyRate, "0..0.5"));
    if (neighbourhoods != null) {
      config = config.withNeighbourhoods((int) parseLong("neighbourhoods", neighbourhoods, "1..99999"));
    }
    if (municipalities != null) {
      config = config.withMunicipalities((int) parseLong("municipalities", municipalities, "1..9999"));
    }
    config = config.withWaves((int) parseLong("waves", waves, "1..10"));
    config = config.withEventsPerCitizen(parseDouble("events-per-citizen", eventsPerCitizen, "0..1000"));
    return config.withRowsPerPartition((int) parseLong("rows-per-partition", rowsPerPartition, "100..10000000"));
  }

  private static long parseLong(String name, String text, String allowed) {
    try {
      long value = Long.parseLong(text.trim().replace("_", ""));
      boolean intOption = !name.equals("seed") && !name.equals("citizens");
      if (intOption && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + name + ": " + text + " (must be " + allowed + ")");
    }
  }

  private static double parseDouble(String name, String text, String allowed) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isNaN(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + name + ": " + text + " (must be " + allowed + ")");
    }
  }

  private static SparkSession defaultSession() {
    SparkSession.Builder builder = SparkSession.builder().appName("coprod generate");
    if (SparkSession.getActiveSession().isEmpty() && !new org.apache.spark.SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    org.coprod.hadoop.ForklessLocalFileSystem.inLocalMode(builder,
        new org.apache.spark.SparkConf().get("spark.master", "local[*]"));
    return builder.getOrCreate();
  }
}
