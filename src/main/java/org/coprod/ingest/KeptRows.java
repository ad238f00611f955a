package org.coprod.ingest;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * A source's validated rows, kept where every later step reads them (the counts, the clean
 * table, the quarantine, the keys other sources reference), behind a plan of one node: the
 * rows of the validating query, as Spark's internal rows, persisted (memory, else disk), not the
 * query's plan with a cache under it.
 *
 * <p>Why not {@code Dataset.persist}: each later query on a persisted dataset carries the whole
 * validating plan (the rules of every column, the duplicate windows), which the driver analyses
 * again and compares with the cache's plan to find it; unions and joins with it rename its
 * relations first. At 1M citizens, Parquet input, Spark's planning was four fifths of the
 * driver's samples in a warm ingest run (JFR), much of it while the cores waited. The columnar
 * cache also gathered statistics of every column of rows that are read a few times only. Kept
 * this way, the sources other than usage took 14.2-17.7 s against 15.8-22.8 s in warm runs
 * (2026-11-30, BENCHMARKS.md). The rows keep their lineage: a lost block is computed again, as a
 * cached one would be.
 */
final class KeptRows {

  private KeptRows() {}

  /**
   * Settings of the validating query and of the first job on its rows, where the session does
   * not set them: adaptive execution off. Its shuffle partitions are already chosen for its size
   * ({@link ShufflePartitions}), and adaptive execution ran it as a job per stage, re-planning the
   * large plan of the rules between them (usage's second pass at 1M citizens: 4.1 s in two jobs
   * against 6.0 s in five).
   */
  private static final Map<String, String> SETTINGS = Map.of("spark.sql.adaptive.enabled", "false");

  /**
   * The rows of {@code validated}, computed by the first job that reads the returned dataset
   * (run it through {@link #firstJob}). The validating query is planned here.
   */
  static Dataset<Row> of(Dataset<Row> validated) {
    // Spark's executors reuse a row object per task: each row is copied before it is kept.
    JavaRDD<InternalRow> rows = TemporarySettings.with(validated.sparkSession(), SETTINGS,
        () -> validated.queryExecution().toRdd()).toJavaRDD().map(InternalRow::copy)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Spark's internal entry for rows already in its internal form (see DirectIngest).
    return ((org.apache.spark.sql.classic.SparkSession) validated.sparkSession()).internalCreateDataFrame(rows.rdd(),
        validated.schema(), false);
  }

  /** Runs the first job on kept rows, which computes them, in one job (see {@link #SETTINGS}). */
  static <T> T firstJob(SparkSession spark, Supplier<T> job) {
    return TemporarySettings.with(spark, SETTINGS, job);
  }

  /** Frees what a kept or cached dataset holds. */
  static void release(Dataset<Row> dataset) {
    dataset.unpersist();
    if (dataset.queryExecution().logical() instanceof LogicalRDD kept) {
      kept.rdd().unpersist(false);
    }
  }
}
