package org.coprod.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.coprod.features.Centring;
import org.coprod.features.FeatureInputs;
import org.coprod.features.FeatureOptions;
import org.coprod.features.FeatureResult;
import org.coprod.features.FeatureStage;
import org.coprod.features.MissingCounts;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.JobSpecReader;
import org.coprod.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coprod features --in DIR --out DIR}: reads the clean Parquet folders that ingest
 * writes ({@code DIR/survey}, {@code usage}, {@code links}, {@code neighbourhoods},
 * {@code municipalities}; usage and links may be absent) and writes {@code citizens/},
 * {@code neighbourhoods/}, {@code municipalities/} and {@code feature_catalog/} Parquet under
 * OUT. Arguments are checked before Spark starts.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Build model-ready citizen, neighbourhood and municipality features from ingest's clean Parquet folders.",
      "Writes OUT/citizens, OUT/neighbourhoods, OUT/municipalities and OUT/feature_catalog (Parquet); OUT must not hold them yet."
    })
final class FeaturesCommand implements Callable<Integer> {

  static final List<String> TABLES = List.of("citizens", "neighbourhoods", "municipalities", "feature_catalog");
  private static final List<String> REQUIRED = List.of("survey", "neighbourhoods", "municipalities");

  private final Supplier<SparkSession> spark;

  @Option(names = "--in", required = true, description = "folder with the clean Parquet sources: survey/, usage/, links/, neighbourhoods/, municipalities/")
  String in;

  @Option(names = "--out", required = true, description = "output folder (path or URI)")
  String out;

  @Option(names = "--spec", description = "job spec (YAML) whose features: section gives window, centring and missing indicators")
  Path spec;

  @Option(names = "--window-days", description = "usage window before the interview day, 1..3660 (default: 365)")
  Integer windowDays;

  @Option(names = "--centre", description = "centre a numeric feature: VAR=grand, VAR=group:neighbourhood_id or VAR=group:municipality_id (repeatable)")
  List<String> centring = List.of();

  @Option(names = "--missing-indicator", description = "code a survey feature with VAR_missing and fill it with its reference level or 0 (repeatable)")
  List<String> missingIndicators = List.of();

  FeaturesCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() throws IOException {
    FeatureOptions options = options();
    checkLocalFolders();
    SparkSession session = spark.get();
    FileSystem fs = FileSystem.get(URI.create(in), session.sparkContext().hadoopConfiguration());
    FeatureInputs inputs = new FeatureInputs(
        read(session, fs, Contracts.SURVEY).orElseThrow(() -> new SpecException("--in: no survey folder in " + in)),
        read(session, fs, Contracts.USAGE),
        read(session, fs, Contracts.LINKS),
        read(session, fs, Contracts.NEIGHBOURHOODS).orElseThrow(() -> new SpecException("--in: no neighbourhoods folder in " + in)),
        read(session, fs, Contracts.MUNICIPALITIES).orElseThrow(() -> new SpecException("--in: no municipalities folder in " + in)));
    FeatureResult result = FeatureStage.build(session, inputs, options);
    write(session, "citizens", result.citizens());
    write(session, "neighbourhoods", result.neighbourhoods());
    write(session, "municipalities", result.municipalities());
    write(session, "feature_catalog", result.catalog());
    // Counted on the written table: one scan of Parquet instead of recomputing the features.
    session.sparkContext().setJobDescription("features: missing counts");
    Dataset<Row> counts = MissingCounts.of(session.read().parquet(table("citizens")), options).where("missing > 0");
    StringBuilder summary = new StringBuilder();
    for (Row row : counts.collectAsList()) {
      summary.append("  ").append(row.getString(0)).append(": ").append(row.getLong(1)).append(" missing\n");
    }
    session.sparkContext().setJobDescription(null);
    System.out.print(summary.isEmpty() ? "no missing values\n" : "missing values per column:\n" + summary);
    System.out.println("outputs: " + out);
    return ExitCodes.OK;
  }

  /** The options as {@link FeatureOptions}; every problem is a configuration error naming the option. */
  FeatureOptions options() {
    if (spec != null) {
      if (windowDays != null || !centring.isEmpty() || !missingIndicators.isEmpty()) {
        throw new SpecException("--spec excludes --window-days, --centre and --missing-indicator (declare them in its features: section)");
      }
      return JobSpecReader.read(spec).features();
    }
    FeatureOptions options;
    int days = windowDays == null ? FeatureOptions.DEFAULT_WINDOW_DAYS : windowDays;
    try {
      options = FeatureOptions.defaults().withWindowDays(days);
    } catch (IllegalArgumentException e) {
      throw new SpecException("invalid --window-days: " + days + " (must be 1.." + FeatureOptions.MAX_WINDOW_DAYS + ")");
    }
    for (String declaration : centring) {
      int equals = declaration.indexOf('=');
      if (equals <= 0) {
        throw new SpecException("invalid --centre: " + declaration + " (expected VAR=grand or VAR=group:COLUMN)");
      }
      String feature = declaration.substring(0, equals);
      String how = declaration.substring(equals + 1);
      Centring centringOf = switch (how) {
        case "none" -> Centring.NONE;
        case "grand" -> Centring.GRAND;
        default -> {
          if (!how.startsWith("group:") || how.length() == "group:".length()) {
            throw new SpecException("invalid --centre: " + declaration + " (expected VAR=none, VAR=grand or VAR=group:COLUMN)");
          }
          yield Centring.group(how.substring("group:".length()));
        }
      };
      try {
        options = options.withCentring(feature, centringOf);
      } catch (IllegalArgumentException e) {
        throw new SpecException("invalid --centre: " + e.getMessage());
      }
    }
    for (String feature : missingIndicators) {
      try {
        options = options.withMissingIndicator(feature);
      } catch (IllegalArgumentException e) {
        throw new SpecException("invalid --missing-indicator: " + e.getMessage());
      }
    }
    return options;
  }

  /** Local folders are checked before Spark starts; URIs with a scheme are checked through Hadoop. */
  private void checkLocalFolders() {
    if (!isLocal(in)) {
      return;
    }
    if (!Files.isDirectory(localPath(in))) {
      throw new SpecException("--in: no such directory: " + in);
    }
    for (String source : REQUIRED) {
      if (!Files.isDirectory(localPath(in).resolve(source))) {
        throw new SpecException("--in: " + in + " has no " + source + "/ folder (needs " + String.join(", ", REQUIRED)
            + "; usage and links are optional)");
      }
    }
    if (isLocal(out)) {
      for (String table : TABLES) {
        if (Files.exists(localPath(out).resolve(table))) {
          throw new SpecException("--out: " + out + " already holds " + table + "/ (choose a new folder)");
        }
      }
    }
  }

  private Optional<Dataset<Row>> read(SparkSession session, FileSystem fs, SourceContract contract) throws IOException {
    String path = in + "/" + contract.name();
    if (!fs.exists(new org.apache.hadoop.fs.Path(path))) {
      return Optional.empty();
    }
    return Optional.of(session.read().schema(contract.schema()).parquet(path));
  }

  private void write(SparkSession session, String name, Dataset<Row> table) {
    session.sparkContext().setJobDescription("features: write " + name);
    table.write().mode(SaveMode.ErrorIfExists).parquet(table(name));
  }

  private String table(String name) {
    return out + "/" + name;
  }

  private static boolean isLocal(String location) {
    return location.startsWith("file:") || !org.coprod.spec.Locations.hasScheme(location);
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }
}
