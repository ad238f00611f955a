package org.coprod.generate;

import org.apache.spark.sql.SparkSession;

/**
 * Run in a child JVM by {@link GeneratorDeterminismTest}: generates the same config under
 * {@code local[1]} and {@code local[8]}, each in its own SparkSession (a JVM holds one context
 * at a time, and the test JVM's shared session is {@code local[2]}).
 * Arguments: citizens seed format dirtyRate rowsPerPartition outRoot.
 */
public final class DeterminismChild {

  private DeterminismChild() {}

  public static void main(String[] args) {
    GeneratorConfig config = GeneratorConfig.of(Long.parseLong(args[0]), Long.parseLong(args[1]),
            OutputFormat.parse(args[2]), args[5])
        .withDirtyRate(Double.parseDouble(args[3]))
        .withRowsPerPartition(Integer.parseInt(args[4]));
    for (int threads : new int[] {1, 8}) {
      SparkSession spark = SparkSession.builder().appName("coprod-determinism-" + threads)
          .master("local[" + threads + "]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.default.parallelism", String.valueOf(threads))
          .config("spark.sql.shuffle.partitions", String.valueOf(threads))
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      try {
        Generator.generate(spark, config.withOut(args[5] + "/local" + threads));
      } finally {
        spark.stop();
      }
    }
  }
}
