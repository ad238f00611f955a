package org.coprod.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.features.AttachedTable;
import org.coprod.features.FeatureInputs;
import org.coprod.features.FeatureLevel;
import org.coprod.features.FeatureResult;
import org.coprod.features.FeatureStage;
import org.coprod.ingest.IngestResult;
import org.coprod.ingest.IngestStage;
import org.coprod.model.DivideTable;
import org.coprod.model.ModelOutcome;
import org.coprod.model.ModelRunner;
import org.coprod.output.DivideRow;
import org.coprod.output.IngestTableSchemas;
import org.coprod.output.RunFolder;
import org.coprod.output.RunManifest;
import org.coprod.output.RunOutputs;
import org.coprod.output.TableWriter;
import org.coprod.report.HtmlReport;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.ModelData;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All stages of a job, in order: ingest → features → models → outputs. Every table goes into
 * the run's staging folder; the run becomes visible (and {@code latest} moves) only when all
 * of them, the manifest and the report are written. A model that fails is a row in
 * model_fit; an ingest invariant that breaks fails the run before anything is published.
 */
final class Pipeline {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  static final String REPORT = "report.html";

  /** What the caller prints. */
  record Result(String runFolder, String report, List<ModelOutcome> models) {}

  private Pipeline() {}

  static Result run(SparkSession spark, JobSpec spec) {
    RunFolder run = RunFolder.open(spec.output(), spark.sparkContext().hadoopConfiguration());
    RunManifest manifest = new RunManifest(run.runId(), spec.name(), redactedConfig(spec));
    for (InputSpec input : spec.inputs().values()) {
      manifest.fingerprint(input.source(), input.location(), spark.sparkContext().hadoopConfiguration());
    }
    spec.tables().values().forEach(table -> manifest.fingerprint(table.name(), table.location(),
        spark.sparkContext().hadoopConfiguration()));

    long start = System.nanoTime();
    spark.sparkContext().setJobGroup("ingest", "ingest: validate, pseudonymise, quarantine", false);
    IngestResult ingest = IngestStage.run(spark, spec, spec.output() + "/clean");
    TableWriter.write(run, "quality", IngestTableSchemas.withRunId(ingest.quality(), run.runId()));
    TableWriter.write(run, "quarantine", IngestTableSchemas.withRunId(ingest.quarantine(), run.runId()));
    ingest.release();
    ingest.sources().forEach((source, result) -> manifest.count("ingest." + source, result.counts().toString()));
    manifest.stage("ingest", seconds(start));
    LOG.info("stage ingest: {} sources in {} s", ingest.sources().size(), String.format("%.1f", seconds(start)));

    start = System.nanoTime();
    spark.sparkContext().setJobGroup("features", "features: citizen, usage, neighbourhood, municipality", false);
    FeatureResult features = FeatureStage.build(spark, featureInputs(spark, spec, ingest), spec.features());
    TableWriter.write(run, "features", features.citizens());
    TableWriter.write(run, "neighbourhood_features", features.neighbourhoods());
    TableWriter.write(run, "municipality_features", features.municipalities());
    TableWriter.write(run, "feature_catalog", features.catalog());
    if (spec.models().stream().anyMatch(m -> m.data() == ModelData.EVENTS)) {
      TableWriter.write(run, ModelData.EVENTS.table(), features.events().orElseThrow(
          () -> new SpecException("a model is fitted on events (data: events) but the job has no usage input")));
    }
    // Models read the written features back: the lineage stops here and every model starts from Parquet.
    ModelTables tables = new ModelTables(spark, run.stagingFolder());
    long citizenRows = tables.rows(ModelData.CITIZENS).count();
    manifest.count("features.citizens", citizenRows);
    manifest.stage("features", seconds(start));
    LOG.info("stage features: {} citizens in {} s", citizenRows, String.format("%.1f", seconds(start)));

    start = System.nanoTime();
    List<ModelOutcome> outcomes = fitAndWriteModels(spark, run, spec, tables);
    outcomes.forEach(outcome -> manifest.count("model." + outcome.fit().modelId(), outcome.fit().status()));
    manifest.stage("models", seconds(start));
    spark.sparkContext().clearJobGroup();

    run.writeText("manifest.json", manifest.toJson());
    boolean reported = writeReport(spark, run);
    run.commit();
    String report = !reported ? null : run.publishedFolder().startsWith("file:")
        ? java.nio.file.Path.of(java.net.URI.create(run.publishedFolder())).resolve(REPORT).toString()
        : "report-" + run.runId() + ".html";
    return new Result(run.publishedFolder(), report, outcomes);
  }

  /**
   * Draws the HTML report from the staged tables, so that the run is published with it.
   * On the local filesystem it goes beside the tables; for a run on HDFS or S3 (the report
   * writer writes local files) to the working directory's {@code report-<run_id>.html}. A
   * report that cannot be drawn is logged and the run is still published: the tables are
   * the product.
   */
  private static boolean writeReport(SparkSession spark, RunFolder run) {
    String folder = run.stagingFolder();
    java.nio.file.Path html = folder.startsWith("file:")
        ? java.nio.file.Path.of(java.net.URI.create(folder)).resolve(REPORT)
        : java.nio.file.Path.of("report-" + run.runId() + ".html");
    try {
      HtmlReport.write(spark, folder, html);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("report not written: {}", e.toString());
      return false;
    }
  }

  /**
   * Fits the job's models on a features table and writes the model tables and the divide into
   * the run; shared by {@code run} and {@code fit JOB.yaml}. The outcomes' cached group tables
   * are released once written.
   */
  static List<ModelOutcome> fitAndWriteModels(SparkSession spark, RunFolder run, JobSpec spec, ModelTables tables) {
    List<ModelOutcome> outcomes = new ArrayList<>();
    for (ModelSpec model : spec.models()) {
      outcomes.add(ModelRunner.run(run.runId(), withCatalogReferences(model), tables.rows(model.data()), spec.minGroupSize()));
    }
    RunOutputs.writeModels(spark, run, outcomes);
    List<Row> divide = DivideTable.compute(run.runId(), outcomes).stream().map(DivideRow::toRow).toList();
    TableWriter.writeSmall(spark, run, "divide", DivideRow.SCHEMA, divide);
    outcomes.forEach(ModelOutcome::release);
    return outcomes;
  }

  /** The catalog's reference levels (gender: male, education: low, …) unless the model declares its own. */
  static ModelSpec withCatalogReferences(ModelSpec model) {
    Map<String, String> references = new LinkedHashMap<>(FeatureStage.referenceLevels());
    references.putAll(model.references());
    return model.withReferences(references);
  }

  private static FeatureInputs featureInputs(SparkSession spark, JobSpec spec, IngestResult ingest) {
    return FeatureInputs.available(spark,
        clean(spark, ingest, "survey"),
        clean(spark, ingest, "usage"),
        clean(spark, ingest, "links"),
        clean(spark, ingest, "neighbourhoods"),
        clean(spark, ingest, "municipalities"),
        attachedTables(spark, spec, ingest));
  }

  /** The job's declared tables, read from their clean Parquet, for the features stage to join. */
  private static List<AttachedTable> attachedTables(SparkSession spark, JobSpec spec, IngestResult ingest) {
    List<AttachedTable> tables = new ArrayList<>();
    spec.tables().forEach((name, table) -> tables.add(new AttachedTable(name,
        table.attachesTo().source().equals("municipalities") ? FeatureLevel.MUNICIPALITY : FeatureLevel.NEIGHBOURHOOD,
        spark.read().parquet(ingest.source(name).cleanPath()), table.fillAbsent())));
    return tables;
  }

  private static Optional<Dataset<Row>> clean(SparkSession spark, IngestResult ingest, String source) {
    if (!ingest.sources().containsKey(source)) {
      return Optional.empty();
    }
    return Optional.of(spark.read().parquet(ingest.source(source).cleanPath()));
  }

  /** The spec as run, without secrets: the demo key is replaced by a marker. */
  private static Map<String, Object> redactedConfig(JobSpec spec) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", spec.name());
    Map<String, Object> inputs = new LinkedHashMap<>();
    spec.inputs().forEach((source, input) -> inputs.put(source, input.location() + " (" + input.format().name().toLowerCase() + ")"));
    config.put("inputs", inputs);
    Map<String, Object> tables = new LinkedHashMap<>();
    spec.tables().forEach((name, table) -> tables.put(name, table.location() + " ("
        + table.input().format().name().toLowerCase() + ", attaches to " + table.attachesTo().source()
        + (table.fillAbsent() == null ? "" : ", absent areas " + table.fillAbsent()) + ")"));
    config.put("tables", tables);
    config.put("data_root", spec.dataRoot());
    config.put("output", spec.output());
    config.put("pseudonymisation_key_env", spec.pseudonymisationKeyEnv());
    config.put("demo_key", spec.demoKey() == null ? null : "<redacted>");
    config.put("min_group_size", spec.minGroupSize());
    List<Map<String, Object>> models = new ArrayList<>();
    for (ModelSpec model : spec.models()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", model.id());
      m.put("formula", model.formula());
      m.put("method", model.method().name().toLowerCase());
      m.put("nagq", model.nAGQ());
      m.put("weights", model.weights());
      m.put("cluster", model.cluster());
      m.put("standard_errors", model.standardErrors().name().toLowerCase());
      m.put("references", model.references());
      m.put("data", model.data().label());
      m.put("subset", model.subset());
      models.add(m);
    }
    config.put("models", models);
    return config;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
