package org.coprod.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;
import org.coprod.output.DivideRow;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.GroupEffectsTable;
import org.coprod.output.ModelFitRow;
import org.coprod.output.VarianceComponentRow;
import org.coprod.report.RunContents.Divide;
import org.coprod.report.RunContents.Effect;
import org.coprod.report.RunContents.Fit;
import org.coprod.report.RunContents.GenericTable;
import org.coprod.report.RunContents.GroupCounts;
import org.coprod.report.RunContents.GroupEffect;
import org.coprod.report.RunContents.VarianceComponent;

/**
 * Reads a run folder with Spark and brings to the driver only what the report shows:
 * factor_effects, model_fit, variance_components and divide in full (their size is models ×
 * terms), quality up to {@link #MAX_QUALITY_ROWS} rows, and from group_effects — which can
 * hold a row per neighbourhood, 100k or more — at most {@code maxGroups} groups per model and
 * grouping: the {@code maxGroups/4} lowest and {@code maxGroups/4} highest conditional modes
 * (the groups a reader looks for) plus a pseudo-random sample of the others, the first
 * {@code maxGroups/2} by xxhash64 of the group id (stable across runs), so that the middle of the
 * distribution keeps its shape. Counts of all, suppressed and shown groups come from one
 * aggregation.
 */
final class RunReader {

  static final int MAX_QUALITY_ROWS = 500;

  private final SparkSession spark;
  private final String run;
  private final FileSystem fileSystem;

  private RunReader(SparkSession spark, String run) {
    this.spark = spark;
    this.run = run;
    try {
      this.fileSystem = new Path(run).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + run, e);
    }
  }

  static RunContents read(SparkSession spark, String runFolder, int maxGroups) {
    return new RunReader(spark, runFolder).read(maxGroups);
  }

  private RunContents read(int maxGroups) {
    Map<String, Boolean> present = new LinkedHashMap<>();
    RunLocator.KNOWN_TABLES.forEach(table -> present.put(table, exists(table)));
    // Tables the report does not draw (features, quarantine, ...) are still listed as present.
    otherFolders().forEach(table -> present.putIfAbsent(table, true));
    Manifest manifest = Manifest.read(fileSystem, new Path(run, "manifest.json"));
    List<Effect> effects = present.get("factor_effects") ? collect("factor_effects", FactorEffectRow.SCHEMA).stream().map(RunReader::effect).toList() : List.of();
    List<Fit> fits = present.get("model_fit") ? collect("model_fit", ModelFitRow.SCHEMA).stream().map(RunReader::fit).toList() : List.of();
    List<VarianceComponent> variances = present.get("variance_components")
        ? collect("variance_components", VarianceComponentRow.SCHEMA).stream().map(RunReader::variance).toList() : List.of();
    List<Divide> divide = present.get("divide") ? collect("divide", DivideRow.SCHEMA).stream().map(RunReader::divide).toList() : List.of();
    List<GroupEffect> groups = List.of();
    List<GroupCounts> counts = List.of();
    if (present.get("group_effects")) {
      Dataset<Row> table = table("group_effects", GroupEffectsTable.SCHEMA);
      groups = selectGroups(table, maxGroups);
      counts = countGroups(table, groups);
    }
    GenericTable quality = present.get("quality") ? quality() : GenericTable.empty();
    // The run id is the manifest's, else the folder name (RunFolder names folders by run id). The
    // pipeline draws the report from the staging folder just before publishing it, so a staging
    // name is shown as the folder the run is published to.
    String folderName = new Path(run).getName();
    String runId = manifest.entries().stream().filter(e -> e.getKey().equals("run_id")).map(Map.Entry::getValue).findFirst().orElse(folderName);
    String folder = folderName.equals("_incomplete-" + runId) ? new Path(new Path(run).getParent(), runId).toString() : run;
    return new RunContents(runId, folder, present, manifest.entries(), manifest.problem(), effects, fits, variances, groups, counts, divide, quality);
  }

  private List<String> otherFolders() {
    try {
      List<String> folders = new ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus status : fileSystem.listStatus(new Path(run))) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
          folders.add(name);
        }
      }
      return folders;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + run, e);
    }
  }

  private boolean exists(String table) {
    try {
      return fileSystem.exists(new Path(run, table));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + run, e);
    }
  }

  /**
   * Reads with the contract schema: an empty table folder (a pooled run's group_effects) then
   * reads as zero rows instead of failing schema inference, and a column that an older run
   * lacks reads as null.
   */
  private Dataset<Row> table(String table, StructType schema) {
    spark.sparkContext().setJobDescription("report: read " + table);
    return spark.read().schema(schema).parquet(new Path(run, table).toString());
  }

  private List<Row> collect(String table, StructType schema) {
    return table(table, schema).collectAsList(); // parameter-sized tables: models × terms
  }

  private static List<GroupEffect> selectGroups(Dataset<Row> table, int maxGroups) {
    int extremes = Math.max(1, maxGroups / 4);
    int sample = Math.max(0, maxGroups - 2 * extremes);
    Dataset<Row> shown = table.filter(col("suppressed").equalTo(false).and(col("conditional_mode").isNotNull()));
    WindowSpec byModel = Window.partitionBy("model_id", "grouping");
    Dataset<Row> ranked =
        shown
            .withColumn("rank_low", row_number().over(byModel.orderBy(col("conditional_mode").asc(), col("group_id"))))
            .withColumn("rank_high", row_number().over(byModel.orderBy(col("conditional_mode").desc(), col("group_id"))))
            .withColumn("extreme", col("rank_low").leq(extremes).or(col("rank_high").leq(extremes)));
    // The sample is drawn from the groups that are not extreme, so that the plot holds exactly
    // min(groups, maxGroups) points.
    WindowSpec byModelAndKind = Window.partitionBy("model_id", "grouping", "extreme");
    Dataset<Row> chosen =
        ranked
            .withColumn("rank_sample", row_number().over(byModelAndKind.orderBy(xxhash64(col("group_id")), col("group_id"))))
            .filter(col("extreme").or(col("rank_sample").leq(sample)));
    List<GroupEffect> groups = new ArrayList<>();
    // Bounded: at most maxGroups rows per model and grouping.
    for (Row row : chosen.select("model_id", "grouping", "group_id", "n", "conditional_mode", "conditional_sd").collectAsList()) {
      groups.add(new GroupEffect(row.getString(0), row.getString(1), row.getString(2), row.isNullAt(3) ? null : row.getInt(3),
          row.getDouble(4), row.isNullAt(5) ? null : row.getDouble(5)));
    }
    return groups;
  }

  private static List<GroupCounts> countGroups(Dataset<Row> table, List<GroupEffect> shown) {
    List<Row> rows =
        table
            .groupBy("model_id", "grouping")
            .agg(count(lit(1)).alias("total"), sum(when(col("suppressed"), 1).otherwise(0)).alias("suppressed"),
                sum(when(col("suppressed").equalTo(false).and(col("conditional_mode").isNotNull()), 1).otherwise(0)).alias("with_mode"))
            .orderBy("model_id", "grouping")
            .collectAsList();
    List<GroupCounts> counts = new ArrayList<>();
    for (Row row : rows) {
      String model = row.getString(0);
      String grouping = row.getString(1);
      long selected = shown.stream().filter(g -> g.modelId().equals(model) && g.grouping().equals(grouping)).count();
      counts.add(new GroupCounts(model, grouping, row.getLong(2), row.getLong(3), row.getLong(4), selected));
    }
    return counts;
  }

  private GenericTable quality() {
    try {
      spark.sparkContext().setJobDescription("report: read quality");
      Dataset<Row> table = spark.read().parquet(new Path(run, "quality").toString());
      List<String> columns = List.of(table.columns());
      List<String> order = columns.stream().filter(c -> c.equals("source") || c.equals("rule_id")).toList();
      Dataset<Row> sorted = order.isEmpty() ? table : table.orderBy(order.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
      long total = table.count();
      List<List<String>> rows = new ArrayList<>();
      for (Row row : sorted.limit(MAX_QUALITY_ROWS).collectAsList()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
        }
        rows.add(cells);
      }
      return new GenericTable(columns, rows, Math.max(0, total - rows.size()));
    } catch (Exception e) {
      // A folder without Parquet files (nothing was checked) has no schema to infer; Scala
      // does not declare the AnalysisException, hence the test of its type.
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        return GenericTable.empty();
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("cannot read quality", e);
    }
  }

  private static Effect effect(Row r) {
    return new Effect(s(r, "model_id"), s(r, "outcome"), s(r, "term"), s(r, "variable"), s(r, "actor"), s(r, "category"),
        s(r, "expected_role"), d(r, "estimate"), d(r, "std_error"), d(r, "p_value"), d(r, "odds_ratio"), d(r, "or_ci_low"),
        d(r, "or_ci_high"), s(r, "role"), Boolean.TRUE.equals(r.getAs("aliased")));
  }

  private static Fit fit(Row r) {
    return new Fit(s(r, "model_id"), s(r, "outcome"), s(r, "formula"), s(r, "method"), r.getAs("nagq"), r.getAs("n_obs"),
        r.getAs("n_groups"), d(r, "loglik"), d(r, "aic"), d(r, "bic"), Boolean.TRUE.equals(r.getAs("converged")), s(r, "status"),
        s(r, "message"), d(r, "auc"), d(r, "sigma"), d(r, "icc"), d(r, "median_odds_ratio"), d(r, "lr_statistic"),
        d(r, "lr_p_value"), d(r, "fit_seconds"));
  }

  private static VarianceComponent variance(Row r) {
    return new VarianceComponent(s(r, "model_id"), s(r, "grouping"), s(r, "term"), d(r, "variance"), d(r, "sd"),
        d(r, "sd_std_error"), r.getAs("n_groups"));
  }

  private static Divide divide(Row r) {
    return new Divide(s(r, "term"), s(r, "variable"), s(r, "actor"), s(r, "category"), s(r, "ict_model_id"),
        s(r, "traditional_model_id"), d(r, "ict_estimate"), d(r, "ict_std_error"), d(r, "traditional_estimate"),
        d(r, "traditional_std_error"), d(r, "difference"), d(r, "difference_std_error"), d(r, "difference_p_value"),
        Boolean.TRUE.equals(r.getAs("wider_for_ict")));
  }

  private static String s(Row row, String column) {
    return row.getAs(column);
  }

  private static Double d(Row row, String column) {
    return row.getAs(column);
  }
}
