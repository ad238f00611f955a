package org.coprod.ingest;

import org.apache.spark.sql.SparkSession;

/**
 * The number of shuffle partitions of one source's ingest jobs (the duplicate and conflict
 * windows, the one-to-one link window, reference joins and the known keys they read), from the
 * size of its input, and the scope in which it applies.
 *
 * <p>Spark's default of 200 partitions suits one large shuffle; ingest shuffles every source,
 * most of them small, and then writes and scans the partitioned, cached result several times,
 * so 200 partitions cost 200 tasks per job and 200 files per clean table (200 × months for
 * usage) even for 8 municipalities. Precedence, first that applies:
 *
 * <ol>
 *   <li>{@code spark.sql.shuffle.partitions} set explicitly for the session ({@code --conf} of
 *       {@code jobs/coprod} or {@code spark-submit}, {@code spark-defaults.conf},
 *       {@code SparkSession.builder().config}, {@code spark.conf().set}): used as given, for
 *       every source;
 *   <li>otherwise, per source, {@link #forInput}: one partition per 128 MiB of input as stored,
 *       but spread over up to {@code spark.default.parallelism} partitions (the cores) while
 *       each still gets 4 MiB (links at 1M citizens, 9.6 MB, ran its windows in one task for 3.3 s
 *       while the other core waited); at least 1.
 * </ol>
 *
 * The validating queries run without adaptive query execution, with this number as it is
 * ({@link KeptRows}); in the ingest's other queries, with AQE on, AQE may coalesce these partitions
 * further, and its {@code spark.sql.adaptive.coalescePartitions.initialPartitionNum}, when set,
 * replaces this number as Spark documents. Compressed and Parquet inputs count their stored size, which
 * understates their rows: the estimate errs towards fewer, larger partitions.
 */
final class ShufflePartitions implements AutoCloseable {

  static final String KEY = "spark.sql.shuffle.partitions";
  static final long BYTES_PER_PARTITION = 128L << 20;
  static final long MIN_BYTES_PER_CORE = 4L << 20;

  private final SparkSession spark;
  private final int partitions;
  private final boolean set;
  /** What {@link #close()} restores when the number was chosen here: null for Spark's default, else an outer scope's number. */
  private final Integer previous;

  private ShufflePartitions(SparkSession spark, int partitions, boolean set, Integer previous) {
    this.spark = spark;
    this.partitions = partitions;
    this.set = set;
    this.previous = previous;
  }

  /**
   * {@code max(ceil(bytes / 128 MiB), min(cores, ceil(bytes / 4 MiB)))}, at least 1.
   *
   * @param bytes the input's size as stored
   * @param cores the session's default parallelism
   */
  static int forInput(long bytes, int cores) {
    if (bytes < 0 || cores < 1) {
      throw new IllegalArgumentException("invalid input size " + bytes + " or parallelism " + cores);
    }
    long bySize = ceilDiv(bytes, BYTES_PER_PARTITION);
    long spread = Math.min(cores, ceilDiv(bytes, MIN_BYTES_PER_CORE));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.max(bySize, spread)));
  }

  /** The partitions {@link #forSource} would choose, without setting them. */
  static int count(SparkSession spark, long bytes) {
    return spark.conf().contains(KEY) ? Integer.parseInt(spark.conf().get(KEY))
        : forInput(bytes, spark.sparkContext().defaultParallelism());
  }

  /**
   * Sets the session's shuffle partitions for an input of this size until {@link #close()},
   * unless the session sets them explicitly.
   */
  static ShufflePartitions forSource(SparkSession spark, long bytes) {
    int partitions = count(spark, bytes);
    if (spark.conf().contains(KEY)) {
      return new ShufflePartitions(spark, partitions, false, null);
    }
    spark.conf().set(KEY, Integer.toString(partitions));
    return new ShufflePartitions(spark, partitions, true, null);
  }

  /**
   * Within this scope, the partitions for a part of the source's input of this size (the rows a
   * second pass reads again, say) until {@link #close()}, which restores this scope's number;
   * this scope's number when the session sets it explicitly.
   */
  ShufflePartitions forPart(long bytes) {
    if (!set) {
      return new ShufflePartitions(spark, partitions, false, null);
    }
    int part = forInput(bytes, spark.sparkContext().defaultParallelism());
    spark.conf().set(KEY, Integer.toString(part));
    return new ShufflePartitions(spark, part, true, partitions);
  }

  /** The number in effect. */
  int partitions() {
    return partitions;
  }

  /** Whether the number was chosen from the input (false: the session's explicit setting). */
  boolean chosen() {
    return set;
  }

  /** Restores Spark's default, or the outer scope's number, when the number was chosen here. */
  @Override
  public void close() {
    if (set && previous == null) {
      spark.conf().unset(KEY);
    } else if (set) {
      spark.conf().set(KEY, Integer.toString(previous));
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
