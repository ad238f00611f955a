package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SharedSparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1 as a test: {@code run jobs/sample.yaml} on the committed sample (output
 * redirected to a temp folder) publishes a complete run — every table, manifest and report —
 * that DuckDB reads; every model converges; and the multilevel ICT model's 95% CIs cover the
 * generator's true citizen-level coefficients (data/sample/truth.json).
 */
@SparkTest
class SamplePipelineTest {

  static final List<String> TABLES = List.of("factor_effects", "model_fit", "variance_components", "group_effects", "divide",
      "quality", "quarantine", "features", "neighbourhood_features", "municipality_features", "feature_catalog");

  @TempDir Path temp;

  @Test
  void sampleRunPublishesEveryTableAndRecoversTheTruth(SparkSession spark) throws Exception {
    Path spec = temp.resolve("sample.yaml");
    String text = Files.readString(Path.of("jobs/sample.yaml"))
        .replace("../data/sample", Path.of("data/sample").toAbsolutePath().toString())
        .replace("output: ../out/sample", "output: " + temp.resolve("out"));
    Files.writeString(spec, text);

    CliRunner.Result result = CliRunner.run(SharedSparkSession::get, "run", spec.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("outputs: ").contains("report: ");
    Path run = FitCommandTest.latestRun(temp.resolve("out"));
    for (String table : TABLES) {
      assertThat(run.resolve(table)).as(table).isDirectory();
    }
    assertThat(run.resolve("report.html")).isRegularFile();
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    assertThat(manifest.get("run_id").asText()).isEqualTo(run.getFileName().toString());
    assertThat(manifest.get("config").get("demo_key").asText()).isEqualTo("<redacted>");
    assertThat(Files.readString(run.resolve("manifest.json"))).doesNotContain("coprod-sample-demo-key-not-a-secret");
    assertThat(manifest.get("inputs").get("survey").get("files").asInt()).isEqualTo(1);

    List<Row> fits = spark.read().parquet(run.resolve("model_fit").toString()).collectAsList();
    assertThat(fits).hasSize(4);
    fits.forEach(fit -> assertThat((boolean) fit.getAs("converged")).as((String) fit.getAs("model_id") + ": " + fit.getAs("message")).isTrue());
    // Both ICT/traditional pairs are compared on all 18 non-intercept terms. The truth's age
    // gap is -0.35 for ICT vs -0.05 traditional.
    List<Row> divide = spark.read().parquet(run.resolve("divide").toString()).collectAsList();
    Map<String, Integer> termsPerPair = new HashMap<>();
    divide.forEach(row -> termsPerPair.merge((String) row.getAs("ict_model_id") + "/" + row.getAs("traditional_model_id"), 1, Integer::sum));
    assertThat(termsPerPair.keySet()).containsExactlyInAnyOrder("ict_pooled/traditional_pooled", "ict_multilevel/traditional_multilevel");
    assertThat(termsPerPair.values()).containsOnly(18);
    assertThat(divide).filteredOn(row -> row.getAs("term").equals("age10")).allMatch(row -> row.<Boolean>getAs("wider_for_ict"));

    Map<String, Double> truth = new HashMap<>();
    JsonNode ict = new ObjectMapper().readTree(Path.of("data/sample/truth.json").toFile()).get("models").get(0);
    assertThat(ict.get("outcome").asText()).isEqualTo("coprod_ict");
    ict.get("fixed_effects").forEach(term -> truth.put(term.get("term").asText(), term.get("estimate").asDouble()));

    int citizenTerms = 0;
    int covered = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery("SELECT term, ci_low, ci_high FROM read_parquet('" + run.resolve("factor_effects")
            + "/*.parquet') WHERE model_id = 'ict_multilevel' AND feature_level = 'citizen'")) {
      while (rows.next()) {
        double value = truth.get(rows.getString("term"));
        citizenTerms++;
        if (rows.getDouble("ci_low") <= value && value <= rows.getDouble("ci_high")) {
          covered++;
        }
      }
    }
    assertThat(citizenTerms).isEqualTo(12);
    // 12 nominal 95% intervals: P(at most 9 cover) = 2%.
    assertThat(covered).as("true citizen-level coefficients inside their 95% CIs").isGreaterThanOrEqualTo(10);
  }

  @Test
  void fitWithTheJobSpecRefitsItsModelsOnTheLatestFeatures(SparkSession spark) throws Exception {
    Path spec = temp.resolve("sample.yaml");
    Files.writeString(spec, Files.readString(Path.of("jobs/sample.yaml"))
        .replace("../data/sample", Path.of("data/sample").toAbsolutePath().toString())
        .replace("output: ../out/sample", "output: " + temp.resolve("out")));
    CliRunner.Result noRunYet = CliRunner.run(SharedSparkSession::get, "fit", spec.toString());
    assertThat(noRunYet.exitCode()).isEqualTo(2);
    assertThat(noRunYet.err()).contains("has no complete run with features yet");

    assertThat(CliRunner.run(SharedSparkSession::get, "run", spec.toString()).exitCode()).isZero();
    Path first = FitCommandTest.latestRun(temp.resolve("out"));
    CliRunner.Result refit = CliRunner.run(SharedSparkSession::get, "fit", spec.toString());
    assertThat(refit.exitCode()).as(refit.err()).isZero();
    Path second = FitCommandTest.latestRun(temp.resolve("out"));
    assertThat(second).isNotEqualTo(first);
    Map<String, Double> before = estimates(spark, first);
    Map<String, Double> after = estimates(spark, second);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((key, value) -> assertThat(after.get(key)).as(key).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-8)));
  }

  private static Map<String, Double> estimates(SparkSession spark, Path run) {
    Map<String, Double> values = new HashMap<>();
    spark.read().parquet(run.resolve("factor_effects").toString()).where("estimate is not null").collectAsList()
        .forEach(row -> values.put(row.getAs("model_id") + "/" + row.getAs("term"), row.<Double>getAs("estimate")));
    return values;
  }

  @Test
  void badSpecFailsInOneLineBeforeSparkStarts() throws IOException {
    Path spec = temp.resolve("bad.yaml");
    Files.writeString(spec, Files.readString(Path.of("jobs/sample.yaml"))
        .replace("../data/sample", Path.of("data/sample").toAbsolutePath().toString())
        .replace("    method: glm\n    cluster", "    methd: glm\n    cluster"));
    CliRunner.Result result = CliRunner.run(CliRunner.noSpark(), "run", spec.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("coprod: models[0].methd: unknown key (allowed: ").doesNotContain("\n");
  }
}
