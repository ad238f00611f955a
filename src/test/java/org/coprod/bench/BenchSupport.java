package org.coprod.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** Shared helpers of the benchmark programs: a local[2] session, timing, medians, peak heap. */
public final class BenchSupport {

  private BenchSupport() {}

  /** A local[2] session (or {@code -Dbench.master}) with 8 shuffle partitions, for the model benchmarks. */
  static SparkSession session(String name) {
    return started(builder(name).config("spark.sql.shuffle.partitions", "8"));
  }

  /** The benchmarks' common settings: master, no UI, loopback, UTC; Spark's defaults otherwise. */
  public static SparkSession.Builder builder(String name) {
    String master = System.getProperty("bench.master", "local[2]");
    return org.coprod.hadoop.ForklessLocalFileSystem.inLocalMode(SparkSession.builder(), master)
        .appName(name)
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC");
  }

  public static SparkSession started(SparkSession.Builder builder) {
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Peak heap use of this JVM so far (driver and, in local mode, executors), in MiB. */
  static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The one-minute load average of the machine (all processes, not only this JVM). */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static String machine() {
    return String.format(Locale.ROOT, "%d cores, max heap %d MiB, %s %s", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }
}
