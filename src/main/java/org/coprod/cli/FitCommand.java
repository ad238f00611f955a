package org.coprod.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.model.ModelOutcome;
import org.coprod.model.ModelRunner;
import org.coprod.output.RunFolder;
import org.coprod.output.RunOutputs;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;
import org.coprod.spec.Method;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.SpecException;
import org.coprod.stats.CovarianceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coprod fit}: one model on any CSV or Parquet table. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Fit one logit model (pooled or random-intercept) to any CSV or Parquet table and write factor_effects and model_fit.",
      "CSV: header row; column types are inferred (this command takes any table, not only coprod's contract)."
    })
final class FitCommand implements Callable<Integer> {

  private final Supplier<SparkSession> spark;

  @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "JOB.yaml",
      description = "fit the job's models on the features of its latest run (instead of --data/--formula)")
  Path job;

  @Option(names = "--data", description = "CSV or Parquet table: a path or glob on any Hadoop filesystem")
  String data;

  @Option(names = "--format", description = "csv or parquet (default: from the file name, csv otherwise)")
  String format;

  @Option(names = "--formula", description = "lme4 formula, e.g. 'y ~ age + gender + (1 | region)'")
  String formula;

  @Option(names = "--method", defaultValue = "glm", description = "glm, laplace or agq (default: ${DEFAULT-VALUE})")
  String method;

  @Option(names = "--nagq", description = "quadrature nodes for agq, 1..25 (default 7 for agq)")
  Integer nagq;

  @Option(names = "--weights", description = "prior/frequency weight column")
  String weights;

  @Option(names = "--cluster", description = "cluster column for cluster-robust standard errors (for laplace/agq: the grouping factor)")
  String cluster;

  @Option(names = "--se", description = "standard errors: model, hc0, hc1 or cluster (default: cluster with --cluster, else model)")
  String standardErrors;

  @Option(names = "--reference", description = "reference level of a factor, VAR=LEVEL (repeatable)")
  List<String> references = List.of();

  @Option(names = "--id", defaultValue = "model", description = "model id in the outputs (default: ${DEFAULT-VALUE})")
  String id;

  @Option(names = "--min-group-size", defaultValue = "10", description = "disclosure threshold: smaller groups are suppressed in group_effects (default: ${DEFAULT-VALUE})")
  int minGroupSize;

  @Option(names = "--out", description = "output folder; the run goes to OUT/runs/<run_id>/ (default with JOB.yaml: the job's output)")
  String out;

  FitCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    if (job != null) {
      return fitJob();
    }
    if (data == null || formula == null || out == null) {
      throw new SpecException("fit needs JOB.yaml, or --data, --formula and --out");
    }
    ModelSpec model = modelSpec();
    ModelRunner.validate(model);
    checkLocalData();
    SparkSession session = spark.get();
    Dataset<Row> table = read(session);
    RunFolder run = RunFolder.open(out, session.sparkContext().hadoopConfiguration());
    ModelOutcome outcome = ModelRunner.run(run.runId(), model, table, minGroupSize);
    RunOutputs.writeModels(session, run, List.of(outcome));
    outcome.release();
    run.commit();
    System.out.print(Summaries.models(List.of(outcome)));
    System.out.println("outputs: " + run.publishedFolder());
    return ExitCodes.OK;
  }

  /** The job's models on the features table of its latest complete run, published as a new run. */
  private Integer fitJob() {
    if (data != null || formula != null) {
      throw new SpecException("fit takes either JOB.yaml or --data/--formula, not both");
    }
    JobSpec spec = JobSpecReader.read(job);
    spec.models().forEach(ModelRunner::validate);
    SparkSession session = spark.get();
    org.apache.hadoop.conf.Configuration hadoop = session.sparkContext().hadoopConfiguration();
    String latest = RunFolder.latest(spec.output(), hadoop);
    if (latest == null) {
      throw new SpecException(spec.output() + " has no complete run with features yet: run `coprod run " + job + "` first");
    }
    ModelTables features = new ModelTables(session, spec.output() + "/runs/" + latest);
    RunFolder run = RunFolder.open(out != null ? out : spec.output(), hadoop);
    List<ModelOutcome> outcomes = Pipeline.fitAndWriteModels(session, run, spec, features);
    run.commit();
    System.out.print(Summaries.models(outcomes));
    System.out.println("features: " + spec.output() + "/runs/" + latest + "/features");
    System.out.println("outputs: " + run.publishedFolder());
    return ExitCodes.OK;
  }

  ModelSpec modelSpec() {
    Method chosenMethod = parseEnum("--method", method, Method.class);
    int nodes = nagq == null ? (chosenMethod == Method.AGQ ? 7 : 1) : nagq;
    if (nodes < 1 || nodes > ModelSpec.MAX_NAGQ) {
      throw new SpecException("invalid --nagq: " + nodes + " (must be 1.." + ModelSpec.MAX_NAGQ + ")");
    }
    CovarianceType se = standardErrors == null ? ModelSpec.defaultStandardErrors(cluster) : parseEnum("--se", standardErrors, CovarianceType.class);
    Map<String, String> referenceLevels = new LinkedHashMap<>();
    for (String reference : references) {
      int equals = reference.indexOf('=');
      if (equals <= 0 || equals == reference.length() - 1) {
        throw new SpecException("invalid --reference: " + reference + " (expected VAR=LEVEL)");
      }
      referenceLevels.put(reference.substring(0, equals), reference.substring(equals + 1));
    }
    return new ModelSpec(id, formula, chosenMethod, nodes, weights, cluster, se, referenceLevels);
  }

  private void checkLocalData() {
    if (!org.coprod.spec.Locations.hasScheme(data) && !data.contains("*") && !Files.exists(Path.of(data))) {
      throw new SpecException("--data: no such file or directory: " + data);
    }
  }

  private Dataset<Row> read(SparkSession session) {
    String chosen = format != null ? format.toLowerCase(java.util.Locale.ROOT) : data.endsWith(".parquet") ? "parquet" : "csv";
    return switch (chosen) {
      case "parquet" -> session.read().parquet(data);
      case "csv" -> session.read().option("header", "true").option("inferSchema", "true").option("mode", "PERMISSIVE").csv(data);
      default -> throw new SpecException("invalid --format: " + format + " (allowed: csv, parquet)");
    };
  }

  static <E extends Enum<E>> E parseEnum(String option, String value, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
    throw new SpecException("invalid " + option + ": " + value + " (allowed: " + String.join(", ", allowed) + ")");
  }
}
