package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.SpecException;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file problems fail before any row is read, with one line naming the file and the problem. */
@SparkTest
class IngestFileProblemsTest {

  private static IngestFileException failure(SparkSession spark, Path dir, Map<String, InputSpec> overrides) {
    Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 1);
    JobSpec spec = IngestFixtures.spec(sources, overrides);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
        IngestStage.run(spark, spec, dir.resolve("clean").toString(), name -> null, UnaryOperator.identity()));
    assertThat(thrown).isInstanceOf(IngestFileException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    assertThat(dir.resolve("clean")).doesNotExist();
    return (IngestFileException) thrown;
  }

  private static InputSpec survey(Path location) {
    return new InputSpec("survey", location.toString(), InputSpec.Format.CSV, ",");
  }

  @Test
  void emptyFile(SparkSession spark, @TempDir Path dir) throws IOException {
    Path file = Files.createDirectories(dir.resolve("bad")).resolve("survey.csv");
    Files.write(file, new byte[0]);
    assertThat(failure(spark, dir, Map.of("survey", survey(file))).getMessage())
        .isEqualTo("survey: file:" + file + ": empty file (no header line)");
  }

  @Test
  void missingHeaderColumns(SparkSession spark, @TempDir Path dir) {
    List<String> header = Contracts.SURVEY.columnNames().stream().filter(c -> !c.equals("gender") && !c.equals("age"))
        .toList();
    Path file = IngestFixtures.writeCsv(dir.resolve("bad/survey.csv"), header, List.of());
    assertThat(failure(spark, dir, Map.of("survey", survey(file))).getMessage())
        .startsWith("survey: file:" + file + ": missing required columns age, gender (file columns: respondent_id");
  }

  @Test
  void unreadableCompression(SparkSession spark, @TempDir Path dir) throws IOException {
    Path file = Files.createDirectories(dir.resolve("bad")).resolve("survey.csv.gz");
    Files.writeString(file, "this is not gzip\n");
    assertThat(failure(spark, dir, Map.of("survey", survey(file))).getMessage())
        .startsWith("survey: file:" + file + ": unreadable compression (gzip)");
  }

  @Test
  void wrongDelimiter(SparkSession spark, @TempDir Path dir) {
    Path file = IngestFixtures.writeLines(dir.resolve("bad/survey.csv"),
        List.of(String.join(";", Contracts.SURVEY.columnNames())));
    assertThat(failure(spark, dir, Map.of("survey", survey(file))).getMessage())
        .contains("the header has one column with delimiter ',' but it contains ';'").contains("wrong delimiter");
  }

  @Test
  void directoryWithoutMatchingFiles(SparkSession spark, @TempDir Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("bad/survey"));
    Files.writeString(folder.resolve("README.md"), "not data", StandardCharsets.UTF_8);
    assertThat(failure(spark, dir, Map.of("survey", survey(folder))).getMessage())
        .endsWith("directory has no csv files");
  }

  @Test
  void globMatchingNothing(SparkSession spark, @TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("bad"));
    assertThat(failure(spark, dir, Map.of("survey", survey(dir.resolve("bad/*.csv")))).getMessage())
        .contains("no such file or directory, or no file matches");
  }

  @Test
  void jsonFileThatIsNotJsonLines(SparkSession spark, @TempDir Path dir) {
    Path file = IngestFixtures.writeLines(dir.resolve("bad/survey.json"), List.of("respondent_id,wave", "R1,1"));
    InputSpec json = new InputSpec("survey", file.toString(), InputSpec.Format.JSON, ",");
    assertThat(failure(spark, dir, Map.of("survey", json)).getMessage()).contains("not JSON Lines");
  }

  @Test
  void noPseudonymisationKeyRefusesTheRun(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 1);
    JobSpec base = IngestFixtures.spec(sources, Map.of());
    JobSpec noKey = new JobSpec("t", base.inputs(), "unused", "COPROD_TEST_KEY", null, 10, List.of());
    assertThatThrownBy(() -> IngestStage.run(spark, noKey, dir.resolve("clean").toString(), name -> null,
        UnaryOperator.identity()))
        .isInstanceOf(SpecException.class)
        .hasMessage("no pseudonymisation key: set the environment variable COPROD_TEST_KEY or declare privacy.demo_key "
            + "for demo data");
  }
}
