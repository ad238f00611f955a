package org.coprod.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.coprod.bench.BenchSupport;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;

/**
 * Benchmark program (not a test): where the time of ingest's main pass goes for one CSV source,
 * step by step, each step including the ones before it, beside Spark's plain read and Parquet
 * write of the same files, alternating in one session:
 *
 * <ol>
 *   <li>plain: {@code spark.read.csv} with the contract's types, written as Parquet;
 *   <li>keys pass: the direct path's first scan, every record's key hash and the repeated ones
 *       ({@link DuplicateKeys}), on its own (not included in the steps below);
 *   <li>parse: coprod's reader (decode, split, map, pseudonymise), counted, with the raw text
 *       the quarantine needs and without it, as the direct path's main pass reads (the steps
 *       below read without it);
 *   <li>row rules: as a DataFrame with the row rules ({@link RowRules}), to Spark's noop sink;
 *   <li>classified: with references and status as the direct path's main pass makes them, noop;
 *   <li>written, unpartitioned: the clean table written as Parquet;
 *   <li>written by month: the same, partitioned by month as ingest writes usage (each task sorts
 *       its rows by month first);
 *   <li>the same through concurrent writers, one per month, instead of the sort (Spark's
 *       {@code maxConcurrentOutputFileWriters}, which needs planned writes off);
 *   <li>ordinary cross-row rules: the ordinary path's shuffle by key and windows, noop.
 * </ol>
 *
 * <pre>
 * jobs/bench org.coprod.ingest.IngestCostBench DATA_DIR SOURCE ROUNDS WORK_DIR
 * </pre>
 *
 * With {@code -Dbench.steps=a,b} (e.g. through {@code JAVA_TOOL_OPTIONS}) only the steps whose
 * names contain one of the texts ({@code _} for a space) run, beside the plain baseline.
 */
public final class IngestCostBench {

  private IngestCostBench() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    String source = args[1];
    int rounds = Integer.parseInt(args[2]);
    Path work = Path.of(args[3]);
    SparkSession spark = BenchSupport.started(BenchSupport.builder("coprod-ingest-cost")
        .config("spark.sql.shuffle.partitions", "4"));
    SourceContract contract = Contracts.byName(source);
    InputSpec input = new InputSpec(source, data.resolve(source).toAbsolutePath().toString(), InputSpec.Format.CSV, ",");
    JobSpec spec = new JobSpec("cost", Map.of(source, input), work.toString(), "COPROD_BENCH_KEY_UNSET",
        "bench-demo-key", 10, List.of());
    RecordParser parser = new RecordParser(contract, ',', Pseudonymiser.fromSpec(spec, name -> null),
        input.nullValues());
    InputFiles.Checked files = InputFiles.check(spark, contract, input);
    System.out.printf(Locale.ROOT, "coprod IngestCostBench: %s from %s, %d rounds, load %s%n", source, data, rounds,
        IngestPerfBench.loadAverage());
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      String suffix = "-" + round;
      time(times, "plain read + Parquet write", () -> spark.read().option("header", "true")
          .schema(contract.plainSchema()).csv(input.location()).write().parquet(work.resolve("plain" + suffix).toString()));
      time(times, "keys pass: repeated key hashes (DuplicateKeys)", () -> DuplicateKeys.find(TextRecords.keyHashes(
          spark, input, files.files(), files.bytes(), new java.util.HashMap<>(files.plans()), parser), 4, 10_000_000));
      time(times, "parse (coprod reader), count", () -> records(spark, input, files, parser).count());
      time(times, "parse, main pass's records (no raw text), count", () -> records(spark, input, files,
          parser.withoutProvenanceText()).count());
      RecordParser mainPass = parser.withoutProvenanceText();
      time(times, "+ row rules, noop", () -> noop(ruled(spark, contract, input, files, mainPass)));
      time(times, "+ references and status, noop", () -> noop(classified(spark, contract, input, files, mainPass)));
      time(times, "+ clean table written, unpartitioned", () -> IngestStage.clean(
          classified(spark, contract, input, files, mainPass), contract).write()
          .parquet(work.resolve("unpartitioned" + suffix).toString()));
      time(times, "+ written as ingest writes it", () -> IngestStage.write(IngestStage.clean(
          classified(spark, contract, input, files, mainPass), contract), contract,
          work.resolve("ingest" + suffix).toString(), SaveMode.ErrorIfExists));
      time(times, "+ written by month, concurrent writers (no sort)", () -> withConcurrentWriters(spark, () ->
          IngestStage.write(IngestStage.clean(classified(spark, contract, input, files, mainPass), contract), contract,
          work.resolve("concurrent" + suffix).toString(), SaveMode.ErrorIfExists)));
      time(times, "ordinary path: row rules + shuffle by key and windows, noop", () -> noop(
          CrossRowRules.apply(ruled(spark, contract, input, files, parser), contract, List.of(), Map.of())));
    }
    double plain = medianOf(times.values().iterator().next());
    times.forEach((step, runs) -> System.out.printf(Locale.ROOT, "%-62s median %7.2f s (%.2fx plain)  runs %s%n", step,
        medianOf(runs), medianOf(runs) / plain, runs));
    System.out.printf(Locale.ROOT, "load average at end %s%n", IngestPerfBench.loadAverage());
    spark.stop();
  }

  private static JavaRDD<Row> records(SparkSession spark, InputSpec input, InputFiles.Checked files,
      RecordParser parser) {
    RecordsRead read = new RecordsRead();
    spark.sparkContext().register(read, "records read");
    return IngestStage.records(spark, input, files, parser, read, null);
  }

  private static Dataset<Row> ruled(SparkSession spark, SourceContract contract, InputSpec input,
      InputFiles.Checked files, RecordParser parser) {
    return RowRules.apply(spark.createDataFrame(records(spark, input, files, parser), RecordParser.schema(contract)),
        contract, input);
  }

  private static Dataset<Row> classified(SparkSession spark, SourceContract contract, InputSpec input,
      InputFiles.Checked files, RecordParser parser) {
    return IngestStage.classify(CrossRowRules.applyToUniqueKeys(ruled(spark, contract, input, files, parser),
        contract, List.of(), Map.of()));
  }

  /** Spark's settings for writing partitions through concurrent writers instead of sorting each task's rows. */
  private static void withConcurrentWriters(SparkSession spark, Runnable run) {
    spark.conf().set("spark.sql.optimizer.plannedWrite.enabled", "false");
    spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", "64");
    try {
      run.run();
    } finally {
      spark.conf().unset("spark.sql.optimizer.plannedWrite.enabled");
      spark.conf().unset("spark.sql.maxConcurrentOutputFileWriters");
    }
  }

  private static double medianOf(List<Double> values) {
    return BenchSupport.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void noop(Dataset<Row> frame) {
    frame.write().format("noop").mode("overwrite").save();
  }

  private static void time(Map<String, List<Double>> times, String step, Runnable run) {
    String only = System.getProperty("bench.steps");
    if (only != null && !step.startsWith("plain") && java.util.Arrays.stream(only.split(","))
        .noneMatch(wanted -> step.contains(wanted.replace('_', ' ')))) {
      return;
    }
    long started = System.nanoTime();
    run.run();
    double seconds = (System.nanoTime() - started) / 1e9;
    times.computeIfAbsent(step, s -> new ArrayList<>()).add(Math.round(seconds * 100) / 100.0);
    System.out.printf(Locale.ROOT, "%s: %.2f s%n", step, seconds);
  }
}
