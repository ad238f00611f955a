package org.coprod.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Benchmark of the usage features against the unavoidable baseline: the events grouped by
 * account with a plain count (one shuffle of the events, nothing else). The usage features
 * shuffle the events once too, by account, so they should cost a small multiple of the
 * baseline; the whole citizens table adds survey-sized joins and windows on top.
 *
 * <p>A program, not a test. Reproduce (defaults: 1,000,000 citizens, 20,000,000 events,
 * local[*], 2 rounds, data under /tmp/coprod-feature-bench; arguments: CITIZENS EVENTS MASTER ROUNDS):
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx6g $(grep -o -- '--add-opens[^ ]*' &lt;&lt;&lt; "$(./mvnw -q help:evaluate -Dexpression=spark.test.jvm.args -DforceStdout)") \
 *   -cp target/test-classes:target/classes:$(cat target/cp.txt) org.coprod.features.FeatureBench 1000000 20000000
 * </pre>
 *
 * Generates synthetic Parquet inputs in the contract schemas once (not timed), then times each
 * variant by writing it to Spark's {@code noop} sink (the full computation, no output I/O).
 */
public final class FeatureBench {

  private FeatureBench() {}

  public static void main(String[] args) throws Exception {
    long citizens = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long events = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
    String master = args.length > 2 ? args[2] : "local[*]";
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "coprod-feature-bench", citizens + "-" + events);
    SparkSession spark = SparkSession.builder().appName("coprod-feature-bench").master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    if (!Files.exists(root.resolve("_done"))) {
      generate(spark, root, citizens, events);
      Files.createFile(root.resolve("_done"));
    }
    FeatureInputs inputs = FeatureInputs.of(
        read(spark, root, Contracts.SURVEY), read(spark, root, Contracts.USAGE), read(spark, root, Contracts.LINKS),
        read(spark, root, Contracts.NEIGHBOURHOODS), read(spark, root, Contracts.MUNICIPALITIES));
    System.out.printf(Locale.ROOT, "coprod FeatureBench: %,d citizens, %,d events, master %s, %d cores, Spark %s%n",
        citizens, events, master, Runtime.getRuntime().availableProcessors(), spark.version());
    for (int round = 1; round <= rounds; round++) {
      double baseline = time(() -> inputs.usage().orElseThrow().groupBy("account_id").count());
      double usage = time(() -> UsageFeatures.linked(inputs.survey(), inputs.usage().orElseThrow(), inputs.links().orElseThrow(), 365));
      double all = time(() -> FeatureStage.build(spark, inputs, FeatureOptions.defaults()).citizens());
      System.out.printf(Locale.ROOT, "round %d: baseline (events by account, count) %.1f s | usage features %.1f s (%.2fx) | "
          + "whole citizens table %.1f s (%.2fx)%n", round, baseline, usage, usage / baseline, all, all / baseline);
    }
    spark.stop();
  }

  private static double time(java.util.function.Supplier<Dataset<Row>> plan) {
    long start = System.nanoTime();
    plan.get().write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  private static Dataset<Row> read(SparkSession spark, Path root, SourceContract contract) {
    return spark.read().schema(contract.schema()).parquet(root.resolve(contract.name()).toString());
  }

  /** Synthetic inputs: 1000 neighbourhoods in 50 municipalities, 60% of respondents linked, events over 2023-2024. */
  private static void generate(SparkSession spark, Path root, long citizens, long events) {
    String n = Long.toString(citizens);
    write(spark.range(citizens).selectExpr(
        "concat('r', id) AS respondent_id", "1 AS wave", "concat('N', pmod(hash(id, 1), 1000)) AS neighbourhood_id",
        "date_add(DATE'2024-03-01', CAST(pmod(hash(id, 2), 180) AS INT)) AS interview_date", "1.0D AS weight",
        "16 + pmod(hash(id, 3), 80) AS age", "IF(pmod(hash(id, 4), 2) = 0, 'female', 'male') AS gender",
        "element_at(array('low', 'medium', 'high'), pmod(hash(id, 5), 3) + 1) AS education",
        "IF(pmod(hash(id, 6), 20) = 0, NULL, element_at(array('q1', 'q2', 'q3', 'q4', 'q5'), pmod(hash(id, 7), 5) + 1)) AS income_band",
        "element_at(array('employed', 'unemployed', 'student', 'retired', 'inactive'), pmod(hash(id, 8), 5) + 1) AS employment",
        "pmod(hash(id, 9), 2) AS migrant_background", "IF(pmod(hash(id, 10), 5) = 0, 'minority', 'majority') AS home_language",
        "pmod(hash(id, 11), 11) AS trust_local", "pmod(hash(id, 12), 11) AS trust_national", "1 + pmod(hash(id, 13), 5) AS tech_anxiety",
        "1 + pmod(hash(id, 14), 5) AS digital_skills", "1 + pmod(hash(id, 15), 5) AS fear_f2f_loss", "pmod(hash(id, 16), 2) AS digital_training",
        "pmod(hash(id, 17), 2) AS device_access", "element_at(array('daily', 'weekly', 'less', 'never'), pmod(hash(id, 18), 4) + 1) AS internet_use",
        "pmod(hash(id, 19), 2) AS knows_coproducers", "pmod(hash(id, 20), 2) AS coprod_ict", "pmod(hash(id, 21), 2) AS coprod_traditional"),
        root, Contracts.SURVEY);
    write(spark.range(events).selectExpr(
        "concat('e', id) AS event_id", "concat('a', pmod(hash(id, 30), " + n + ")) AS account_id",
        "timestamp_seconds(1672531200L + pmod(hash(id, 31), 63072000)) AS ts",
        "element_at(array('app', 'web', 'phone', 'counter', 'social'), pmod(hash(id, 32), 5) + 1) AS channel",
        "concat('service_', pmod(hash(id, 33), 12)) AS service",
        "element_at(array('report', 'comment', 'vote', 'consult', 'follow', 'login'), pmod(hash(id, 34), 6) + 1) AS action",
        "IF(pmod(hash(id, 35), 10) = 0, NULL, concat('N', pmod(hash(id, 36), 1000))) AS neighbourhood_id"),
        root, Contracts.USAGE);
    write(spark.range(citizens).where("pmod(hash(id, 40), 10) < 6").selectExpr("concat('r', id) AS respondent_id", "concat('a', id) AS account_id"),
        root, Contracts.LINKS);
    write(spark.range(1000).selectExpr("concat('N', id) AS neighbourhood_id", "concat('M', pmod(id, 50)) AS municipality_id",
        "CAST(1000 + pmod(hash(id, 50), 9000) AS INT) AS population", "1.0D + pmod(hash(id, 51), 10) AS area_km2",
        "20.0D + pmod(hash(id, 52), 30) AS median_income", "(pmod(hash(id, 53), 41) - 20) / 10.0D AS deprivation_index",
        "pmod(hash(id, 54), 40) / 100.0D AS share_65plus", "pmod(hash(id, 55), 40) / 100.0D AS share_foreign_born",
        "pmod(hash(id, 56), 60) / 100.0D AS share_tertiary", "0.4D + pmod(hash(id, 57), 60) / 100.0D AS broadband_coverage",
        "pmod(hash(id, 58), 2) AS urban"), root, Contracts.NEIGHBOURHOODS);
    write(spark.range(50).selectExpr("concat('M', id) AS municipality_id", "1.0D + pmod(hash(id, 60), 60) / 10.0D AS digital_budget_per_capita",
        "pmod(hash(id, 61), 100) / 100.0D AS share_staff_trained", "1 + pmod(hash(id, 62), 5) AS eservice_maturity",
        "pmod(hash(id, 63), 2) AS regulation_adapted", "pmod(hash(id, 64), 2) AS low_cost_solutions",
        "1.0D + pmod(hash(id, 65), 40) / 10.0D AS staff_resistance", "pmod(hash(id, 66), 2) AS trust_programme",
        "pmod(hash(id, 67), 2) AS citizen_training_programme"), root, Contracts.MUNICIPALITIES);
  }

  private static void write(Dataset<Row> data, Path root, SourceContract contract) {
    data.select(contract.columnNames().stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
        .write().mode("overwrite").parquet(root.resolve(contract.name()).toString());
  }
}
