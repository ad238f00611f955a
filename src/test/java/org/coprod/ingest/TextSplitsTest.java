package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * Text input splits ({@link TextRecords#splitBytes}): the input over the cores, within 4 MiB and
 * ingest's own 256 MiB, or within the session's {@code spark.sql.files.maxPartitionBytes} when it
 * sets one.
 */
@SparkTest
class TextSplitsTest {

  private static final long MIB = 1L << 20;

  @Test
  void theInputOverTheCoresWithinFourAndTwoHundredFiftySixMebibytes(SparkSession spark) {
    int cores = spark.sparkContext().defaultParallelism();
    assertThat(spark.conf().contains("spark.sql.files.maxPartitionBytes")).isFalse();
    assertThat(TextRecords.splitBytes(spark, 100_000L * MIB)).isEqualTo(256 * MIB);
    assertThat(TextRecords.splitBytes(spark, cores * 200 * MIB)).isEqualTo(200 * MIB);
    assertThat(TextRecords.splitBytes(spark, MIB)).isEqualTo(4 * MIB);
  }

  @Test
  void aSessionsMaximumPartitionSizeStands(SparkSession spark) {
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64m");
    try {
      assertThat(TextRecords.splitBytes(spark, 100_000L * MIB)).isEqualTo(64 * MIB);
    } finally {
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }
}
