package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Benchmark program (not a test): what writing usage by month costs against a plain write, on
 * Parquet usage as the generator writes it, with no validation at all: the floor under the
 * ingest's usage write. Each run writes the same rows four ways, alternating:
 *
 * <ul>
 *   <li>{@code plain}: read and write (the ingest benchmark's baseline for usage);
 *   <li>{@code sorted}: sorted within partitions by month, written unpartitioned (the sort alone);
 *   <li>{@code by-month}: written partitioned by month, Parquet's defaults (a dictionary for
 *       every column);
 *   <li>{@code by-month-ingest}: partitioned by month with no dictionary for the event and
 *       account identifiers and the timestamp (the ingest's writer options until the ninth session);
 *   <li>{@code by-month-references} (not run unless named): as {@code by-month-ingest}, and no
 *       dictionary for the neighbourhood reference either (the ingest's writer options now);
 *   <li>{@code by-month-files} (not run unless named): as {@code by-month-references}, written
 *       by {@link MonthFiles} (as the ingest's main pass writes them): each task's rows gathered
 *       by month and written a month at a time, without a sort. The scan's rows are copied into
 *       rows of their own as they are gathered, which the ingest's rows need not be.
 * </ul>
 *
 * <p>{@code -Dbench.ways=plain,by-month-ingest,by-month-references} picks the ways to run.
 *
 * <pre>
 * jobs/bench org.coprod.ingest.PartitionedWriteBench --data /tmp/gen1m-pq/usage --runs 2 --work /tmp/pwb
 * </pre>
 */
public final class PartitionedWriteBench {

  private PartitionedWriteBench() {}

  public static void main(String[] args) {
    String data = null;
    String work = "target/partitioned-write-bench";
    int runs = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = args[++i];
        case "--work" -> work = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data FOLDER (Parquet usage) is required");
    }
    String master = System.getProperty("bench.master", "local[2]");
    SparkSession spark = org.coprod.hadoop.ForklessLocalFileSystem.inLocalMode(SparkSession.builder(), master)
        .master(master)
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    String[] ways = System.getProperty("bench.ways", "plain,sorted,by-month,by-month-ingest").split(",");
    List<List<Double>> seconds = new ArrayList<>();
    for (String way : ways) {
      seconds.add(new ArrayList<>());
    }
    System.out.printf(Locale.ROOT, "machine: nproc %d, max heap %d MiB; input %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, data);
    for (int run = 1; run <= runs; run++) {
      for (int w = 0; w < ways.length; w++) {
        String out = work + "/" + ways[w] + "-" + run;
        long started = System.nanoTime();
        write(spark.read().parquet(data).withColumn("month", date_format(col("ts"), "yyyy-MM")), ways[w], out);
        double elapsed = (System.nanoTime() - started) / 1e9;
        seconds.get(w).add(elapsed);
        System.out.printf(Locale.ROOT, "run %d %-16s %6.1f s%n", run, ways[w], elapsed);
      }
    }
    for (int w = 0; w < ways.length; w++) {
      List<String> runsText = seconds.get(w).stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
      System.out.printf(Locale.ROOT, "%-16s runs %s s, median %.1f s, / plain %.2f%n", ways[w], runsText,
          median(seconds.get(w)), median(seconds.get(w)) / median(seconds.get(0)));
    }
    spark.stop();
  }

  private static void write(Dataset<Row> usage, String way, String out) {
    switch (way) {
      case "plain" -> usage.drop("month").write().parquet(out);
      case "sorted" -> usage.sortWithinPartitions("month").write().parquet(out);
      case "by-month" -> usage.write().partitionBy("month").parquet(out);
      case "by-month-ingest" -> byMonthWithoutDictionary(usage, out, "event_id", "account_id", "ts");
      case "by-month-references" ->
          byMonthWithoutDictionary(usage, out, "event_id", "account_id", "ts", "neighbourhood_id");
      // Gathered by month in each task and written a month at a time, as the ingest's main pass does.
      case "by-month-files" -> byMonthFiles(usage, out);
      // Spark's concurrent writers: a writer per month in each task, no sort (the planned write would add one).
      case "concurrent-references" -> TemporarySettings.run(usage.sparkSession(),
          Map.of("spark.sql.maxConcurrentOutputFileWriters", "64", "spark.sql.optimizer.plannedWrite.enabled", "false"),
          () -> byMonthWithoutDictionary(usage, out, "event_id", "account_id", "ts", "neighbourhood_id"));
      default -> throw new IllegalArgumentException(way);
    }
  }

  /** The rows with a timestamp, through {@link MonthFiles} (which needs every month present). */
  private static void byMonthFiles(Dataset<Row> usage, String out) {
    Dataset<Row> timed = usage.filter(col("ts").isNotNull());
    StructType schema = timed.schema();
    int month = schema.fieldIndex("month");
    StructField[] fields = schema.fields().clone();
    fields[month] = new StructField("month", DataTypes.StringType, false, fields[month].metadata());
    Map<String, String> options = new java.util.HashMap<>();
    for (String column : List.of("event_id", "account_id", "ts", "neighbourhood_id")) {
      options.put("parquet.enable.dictionary#" + column, "false");
    }
    MonthFiles files = MonthFiles.prepare(usage.sparkSession(), new StructType(fields), "month", options, out);
    files.commit(usage.sparkSession(), files.write(timed.queryExecution().toRdd().toJavaRDD()).collect());
  }

  private static void byMonthWithoutDictionary(Dataset<Row> usage, String out, String... columns) {
    DataFrameWriter<Row> writer = usage.write().partitionBy("month");
    for (String column : columns) {
      writer = writer.option("parquet.enable.dictionary#" + column, "false");
    }
    writer.parquet(out);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
