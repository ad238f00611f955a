package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.IngestFileException;
import org.coprod.ingest.IngestFixtures;
import org.coprod.output.RunFolder;
import org.coprod.spec.SpecException;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@SparkTest
class IngestCommandTest {

  private static final Supplier<SparkSession> NO_SPARK = () -> {
    throw new AssertionError("Spark must not start before the arguments are checked");
  };

  @Test
  void missingSourcesAreAUsageErrorBeforeSparkStarts(@TempDir Path dir) {
    IngestCommand command = new IngestCommand(NO_SPARK);
    new CommandLine(command).parseArgs("--survey", dir.toString(), "--out", dir.resolve("out").toString());
    assertThatThrownBy(command::call).isInstanceOf(SpecException.class)
        .hasMessage("missing --usage, --links, --neighbourhoods, --municipalities (or give a job spec: coprod ingest "
            + "JOB.yaml)");
  }

  @Test
  void fileProblemsExitTwo() {
    assertThat(ExitCodes.isConfigurationError(new IngestFileException("survey", "x.csv", "empty file"))).isTrue();
  }

  @Test
  void ingestsFromOptionsIntoARun(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 2);
    IngestCommand command = new IngestCommand(() -> spark);
    String out = dir.resolve("out").toString();
    new CommandLine(command).parseArgs("--survey", sources.get("survey").toString(), "--usage",
        sources.get("usage").toString(), "--links", sources.get("links").toString(), "--neighbourhoods",
        sources.get("neighbourhoods").toString(), "--municipalities", sources.get("municipalities").toString(),
        "--demo-key", "demo", "--key-env", "COPROD_TEST_UNSET_VARIABLE", "--out", out);
    assertThat(command.call()).isEqualTo(0);
    String runId = RunFolder.latest(out, spark.sparkContext().hadoopConfiguration());
    Path run = dir.resolve("out/runs").resolve(runId);
    assertThat(Files.isDirectory(run.resolve("clean/usage"))).isTrue();
    Row total = spark.read().parquet(run.resolve("quality").toString()).filter("rule_id = 'TOTAL' and source = 'links'")
        .first();
    assertThat(total.getString(0)).isEqualTo(runId);
    assertThat(total.getLong(total.fieldIndex("rows_accepted"))).isEqualTo(2);
    assertThat(spark.read().parquet(run.resolve("quarantine").toString()).columns())
        .containsExactly("run_id", "source", "file", "line", "offset", "raw_record", "rule_ids", "reasons");
  }
}
