package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shuffle partitions of ingest: chosen from the input size unless the session sets them, and
 * without effect on any output (the test session sets 4; here ingest also runs with the
 * chosen number, 1 for these small files, and the outputs are compared row for row).
 */
@SparkTest
class IngestShufflePartitionsTest {

  private static final long MIB = 1L << 20;

  @Test
  void partitionsFollowTheInputSize() {
    assertThat(ShufflePartitions.forInput(0, 2)).isEqualTo(1);
    assertThat(ShufflePartitions.forInput(421, 2)).isEqualTo(1);
    assertThat(ShufflePartitions.forInput(4 * MIB, 2)).isEqualTo(1);
    assertThat(ShufflePartitions.forInput(4 * MIB + 1, 2)).isEqualTo(2);
    assertThat(ShufflePartitions.forInput(100 * MIB, 2)).isEqualTo(2);
    assertThat(ShufflePartitions.forInput(100 * MIB, 64)).isEqualTo(25);
    assertThat(ShufflePartitions.forInput(1600 * MIB, 2)).isEqualTo(13);
    assertThat(ShufflePartitions.forInput(1600 * MIB, 64)).isEqualTo(64);
    assertThat(ShufflePartitions.forInput(100_000 * MIB, 64)).isEqualTo(782);
    assertThatThrownBy(() -> ShufflePartitions.forInput(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShufflePartitions.forInput(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExplicitSessionSettingWinsAndAChosenOneIsUndone(SparkSession spark) {
    String explicit = spark.conf().get(ShufflePartitions.KEY);
    try (ShufflePartitions shuffle = ShufflePartitions.forSource(spark, 1600 * MIB)) {
      assertThat(shuffle.chosen()).isFalse();
      assertThat(shuffle.partitions()).isEqualTo(Integer.parseInt(explicit));
      try (ShufflePartitions part = shuffle.forPart(MIB)) {
        assertThat(part.partitions()).as("explicit for every part too").isEqualTo(Integer.parseInt(explicit));
      }
    }
    assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo(explicit);
    spark.conf().unset(ShufflePartitions.KEY);
    try {
      try (ShufflePartitions shuffle = ShufflePartitions.forSource(spark, 1600 * MIB)) {
        assertThat(shuffle.chosen()).isTrue();
        assertThat(shuffle.partitions()).isEqualTo(
            ShufflePartitions.forInput(1600 * MIB, spark.sparkContext().defaultParallelism()));
        assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo(Integer.toString(shuffle.partitions()));
        // A part of the input (a second pass) gets its own number, and the source's comes back after it.
        try (ShufflePartitions part = shuffle.forPart(MIB)) {
          assertThat(part.partitions()).isEqualTo(1);
          assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo("1");
        }
        assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo(Integer.toString(shuffle.partitions()));
      }
      assertThat(spark.conf().contains(ShufflePartitions.KEY)).isFalse();
    } finally {
      spark.conf().set(ShufflePartitions.KEY, explicit);
    }
  }

  @Test
  void chosenPartitionsGiveTheSameOutputs(SparkSession spark, @TempDir Path dir) {
    Path root = dir.resolve("generated");
    Generator.generate(spark, GeneratorConfig.of(400, 23, OutputFormat.CSV, root.toString()).withDirtyRate(0.05)
        .withRowsPerPartition(150).withEventsPerCitizen(4));
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      inputs.put(source.name(), new InputSpec(source.name(), root.resolve(source.name()).toString(),
          InputSpec.Format.CSV, ","));
    }
    JobSpec spec = new JobSpec("partitions", inputs, "unused", "COPROD_TEST_KEY_THAT_IS_NOT_SET",
        IngestFixtures.DEMO_KEY, 10, List.of());
    IngestResult explicit = IngestStage.run(spark, spec, dir.resolve("explicit").toString(), name -> null,
        UnaryOperator.identity());
    String setting = spark.conf().get(ShufflePartitions.KEY);
    spark.conf().unset(ShufflePartitions.KEY);
    IngestResult chosen;
    try {
      chosen = IngestStage.run(spark, spec, dir.resolve("chosen").toString(), name -> null, UnaryOperator.identity());
    } finally {
      spark.conf().set(ShufflePartitions.KEY, setting);
    }
    assertSameRows(explicit.quality(), chosen.quality(), "quality");
    assertSameRows(explicit.quarantine(), chosen.quarantine(), "quarantine");
    assertThat(explicit.quarantine().count()).isPositive();
    for (String source : explicit.sources().keySet()) {
      assertThat(chosen.source(source).counts()).isEqualTo(explicit.source(source).counts());
      assertSameRows(spark.read().parquet(explicit.source(source).cleanPath()),
          spark.read().parquet(chosen.source(source).cleanPath()), source);
    }
    explicit.release();
    chosen.release();
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String what) {
    assertThat(actual.schema()).as(what + " schema").isEqualTo(expected.schema());
    assertThat(actual.count()).as(what + " rows").isEqualTo(expected.count());
    assertThat(expected.exceptAll(actual).count()).as(what + " rows only in the first").isZero();
    assertThat(actual.exceptAll(expected).count()).as(what + " rows only in the second").isZero();
  }
}
