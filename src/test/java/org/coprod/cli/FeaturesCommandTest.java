package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.coprod.features.FeatureInputs;
import org.coprod.features.FeatureOptions;
import org.coprod.features.FeatureStage;
import org.coprod.spec.SpecException;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code coprod features}: arguments checked before Spark, Parquet in, four Parquet tables out. */
@SparkTest
class FeaturesCommandTest {

  private static final Supplier<SparkSession> NO_SPARK = () -> {
    throw new AssertionError("Spark must not start before the arguments are checked");
  };

  private static FeaturesCommand parse(Supplier<SparkSession> spark, String... args) {
    FeaturesCommand command = new FeaturesCommand(spark);
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void writesTheFourTablesFromCleanParquet(SparkSession spark, @TempDir Path dir) {
    FeatureInputs inputs = org.coprod.features.FeatureFixturesAccess.standard(spark);
    Path in = dir.resolve("clean");
    inputs.survey().write().parquet(in.resolve("survey").toString());
    inputs.usage().orElseThrow().write().parquet(in.resolve("usage").toString());
    inputs.links().orElseThrow().write().parquet(in.resolve("links").toString());
    inputs.neighbourhoods().write().parquet(in.resolve("neighbourhoods").toString());
    inputs.municipalities().write().parquet(in.resolve("municipalities").toString());
    Path out = dir.resolve("features");

    int code = new CommandLine(new FeaturesCommand(() -> spark))
        .execute("--in", in.toString(), "--out", out.toString(), "--missing-indicator", "income_band");

    assertThat(code).isZero();
    FeatureOptions options = FeatureOptions.defaults().withMissingIndicator("income_band");
    var citizens = spark.read().parquet(out.resolve("citizens").toString());
    assertThat(Arrays.asList(citizens.columns())).isEqualTo(FeatureStage.citizenColumns(options));
    assertThat(citizens.count()).isEqualTo(5);
    assertThat(citizens.where("usage_linked = 1").count()).isEqualTo(3);
    assertThat(spark.read().parquet(out.resolve("neighbourhoods").toString()).count()).isEqualTo(6);
    assertThat(spark.read().parquet(out.resolve("municipalities").toString()).count()).isEqualTo(2);
    assertThat(spark.read().parquet(out.resolve("feature_catalog").toString()).count())
        .isEqualTo(org.coprod.features.FeatureCatalog.entries(options).size());
  }

  @Test
  void argumentProblemsAreConfigurationErrorsBeforeSparkStarts(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.resolve("nowhere").toString(), "--out", "x").call())
        .isInstanceOf(SpecException.class).hasMessageStartingWith("--in: no such directory");
    Files.createDirectories(dir.resolve("survey"));
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x").call())
        .isInstanceOf(SpecException.class).hasMessageContaining("has no neighbourhoods/ folder");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--centre", "gender=grand").call())
        .isInstanceOf(SpecException.class).hasMessageStartingWith("invalid --centre: cannot centre gender");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--centre", "age10=group:wave").call())
        .hasMessageStartingWith("invalid --centre: cannot centre age10 within wave");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--centre", "age10").call())
        .hasMessageStartingWith("invalid --centre: age10");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--window-days", "0").call())
        .hasMessage("invalid --window-days: 0 (must be 1..3660)");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--missing-indicator", "nbh_urban").call())
        .hasMessageStartingWith("invalid --missing-indicator: missing indicator for nbh_urban");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--spec", "job.yaml", "--window-days", "30").call())
        .hasMessageStartingWith("--spec excludes --window-days");
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, "name: t\noutput: out\nfeatures: {window_days: 30, centring: {age10: grand}}\n");
    assertThat(parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--spec", job.toString()).options())
        .isEqualTo(org.coprod.features.FeatureOptions.defaults().withWindowDays(30).withCentring("age10", org.coprod.features.Centring.GRAND));
    Files.writeString(job, "name: t\noutput: out\nfeatures: {window_days: -1}\n");
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", "x", "--spec", job.toString()).call())
        .isInstanceOf(SpecException.class).hasMessage("invalid features.window_days: -1 (must be 1..3660)");
    Files.createDirectories(dir.resolve("neighbourhoods"));
    Files.createDirectories(dir.resolve("municipalities"));
    Files.createDirectories(dir.resolve("out/citizens"));
    assertThatThrownBy(() -> parse(NO_SPARK, "--in", dir.toString(), "--out", dir.resolve("out").toString()).call())
        .hasMessageContaining("already holds citizens/");
  }
}
