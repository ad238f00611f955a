package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same bytes (names included) whatever the parallelism; different seed, different data. */
@SparkTest
class GeneratorDeterminismTest {

  private static final int CITIZENS = 3_000;
  private static final int ROWS_PER_PARTITION = 500;

  @TempDir
  Path dir;

  private GeneratorConfig config(OutputFormat format, long seed, String out) {
    return GeneratorConfig.of(CITIZENS, seed, format, out).withDirtyRate(0.02)
        .withRowsPerPartition(ROWS_PER_PARTITION);
  }

  @Test
  void csvIsByteIdenticalUnderLocal1Local2AndLocal8(SparkSession spark) throws Exception {
    Path local2 = dir.resolve("local2");
    Generator.generate(spark, config(OutputFormat.CSV, 11, local2.toString()));
    assertThat(Files.list(local2.resolve("survey")).map(p -> p.getFileName().toString()).sorted().toList())
        .containsExactly("part-00000.csv", "part-00001.csv", "part-00002.csv", "part-00003.csv",
            "part-00004.csv", "part-00005.csv");

    Path children = dir.resolve("child");
    runChild(CITIZENS + "", "11", "csv", "0.02", ROWS_PER_PARTITION + "", children.toString());
    FileTrees.assertIdentical(local2, children.resolve("local1"));
    FileTrees.assertIdentical(local2, children.resolve("local8"));
  }

  @Test
  void jsonAndParquetAreByteIdenticalAcrossRuns(SparkSession spark) {
    for (OutputFormat format : List.of(OutputFormat.JSON, OutputFormat.PARQUET)) {
      Path first = dir.resolve(format.extension() + "-1");
      Path second = dir.resolve(format.extension() + "-2");
      Generator.generate(spark, config(format, 5, first.toString()));
      // A different task scheduling: shuffle partitions do not enter generation, so nothing may change.
      String before = spark.conf().get("spark.sql.shuffle.partitions");
      spark.conf().set("spark.sql.shuffle.partitions", "7");
      try {
        Generator.generate(spark, config(format, 5, second.toString()));
      } finally {
        spark.conf().set("spark.sql.shuffle.partitions", before);
      }
      FileTrees.assertIdentical(first, second);
      assertThat(FileTrees.read(first).keySet()).contains("usage/part-00005." + format.extension(),
          "truth.json", "manifest.json");
    }
  }

  @Test
  void differentSeedsGiveDifferentData(SparkSession spark) {
    Path a = dir.resolve("seed1");
    Path b = dir.resolve("seed2");
    Generator.generate(spark, config(OutputFormat.CSV, 1, a.toString()).withDirtyRate(0));
    Generator.generate(spark, config(OutputFormat.CSV, 2, b.toString()).withDirtyRate(0));
    Map<String, byte[]> left = FileTrees.read(a);
    Map<String, byte[]> right = FileTrees.read(b);
    assertThat(right.keySet()).isEqualTo(left.keySet());
    for (String name : List.of("survey/part-00000.csv", "usage/part-00000.csv", "neighbourhoods/part-00000.csv",
        "municipalities/part-00000.csv")) {
      assertThat(right.get(name)).as(name).isNotEqualTo(left.get(name));
    }
  }

  /** Runs {@link DeterminismChild} with this JVM's classpath and module options, less heap. */
  private static void runChild(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens") || option.startsWith("-D") || option.startsWith("-XX:")) {
        command.add(option);
      }
    }
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DeterminismChild.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(File.createTempFile("coprod-determinism-child", ".log"))
        .start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(process.exitValue()).as("child exit code").isZero();
  }
}
