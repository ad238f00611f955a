package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.stats.GoldenCsv;
import org.coprod.testing.SharedSparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coprod fit} end to end: CSV in, formula parsed, design built and fitted on Spark,
 * Parquet out, numbers equal to R's (lme4::glmer and glm golden files), and the Parquet
 * readable by DuckDB, a reader with no Spark in it.
 */
@SparkTest
class FitCommandTest {

  static final Path CBPP = GoldenCsv.golden("cbpp", "data.csv");
  static final String CBPP_FORMULA = "cbind(successes, trials - successes) ~ period2 + period3 + period4 + (1 | group)";

  @TempDir Path temp;

  @Test
  void adaptiveQuadratureOnCbppMatchesGlmer(SparkSession spark) throws IOException {
    CliRunner.Result result =
        CliRunner.run(SharedSparkSession::get, "fit", "--data", CBPP.toString(), "--formula", CBPP_FORMULA, "--method", "agq",
            "--nagq", "5", "--min-group-size", "1", "--id", "cbpp", "--out", temp.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path run = latestRun(temp);
    Properties expected = properties(GoldenCsv.golden("cbpp", "expected_nagq5.properties"));

    List<Row> effects = spark.read().parquet(run.resolve("factor_effects").toString()).orderBy("term").collectAsList();
    Map<String, Row> byTerm = new HashMap<>();
    effects.forEach(row -> byTerm.put(row.getAs("term"), row));
    String[] columns = expected.getProperty("columns").split(",");
    for (int j = 0; j < columns.length; j++) {
      Row row = byTerm.get(columns[j]);
      assertThat((double) row.getAs("estimate")).as(columns[j]).isCloseTo(Double.parseDouble(expected.getProperty("beta." + j)), within(1e-4));
      double se = Double.parseDouble(expected.getProperty("se." + j));
      assertThat((double) row.getAs("std_error") / se).as(columns[j] + " SE").isCloseTo(1.0, within(1e-3));
    }
    Row fit = spark.read().parquet(run.resolve("model_fit").toString()).first();
    assertThat((String) fit.getAs("status")).isEqualTo("converged");
    assertThat((double) fit.getAs("sigma")).isCloseTo(Double.parseDouble(expected.getProperty("sigma")), within(1e-4));
    assertThat((double) fit.getAs("loglik")).isCloseTo(Double.parseDouble(expected.getProperty("loglik.full")), within(1e-3));
    assertThat((long) fit.getAs("n_groups")).isEqualTo(15L);
    assertThat((long) fit.getAs("n_singleton_groups")).as("herd 8 has one period").isEqualTo(1L);
    assertThat((boolean) fit.getAs("singular_fit")).isFalse();
    assertThat((Object) fit.getAs("separated_terms")).isNull();
    assertThat((double) fit.getAs("gradient_norm")).isLessThan(1e-4);
    double sigma = fit.getAs("sigma");
    assertThat((double) fit.getAs("icc")).isCloseTo(sigma * sigma / (sigma * sigma + Math.PI * Math.PI / 3), within(1e-12));

    GoldenCsv modes = GoldenCsv.read(GoldenCsv.golden("cbpp", "modes_nagq5.csv"));
    Map<String, Row> groups = new HashMap<>();
    spark.read().parquet(run.resolve("group_effects").toString()).collectAsList().forEach(row -> groups.put(row.getAs("group_id"), row));
    assertThat(groups).hasSize(modes.size());
    for (int i = 0; i < modes.size(); i++) {
      Row group = groups.get(modes.text(i, "group"));
      assertThat((double) group.getAs("conditional_mode")).isCloseTo(modes.number(i, "mode"), within(1e-3));
      assertThat((double) group.getAs("conditional_sd")).isCloseTo(modes.number(i, "condsd"), within(1e-3));
    }
  }

  @Test
  void smallGroupsAreSuppressedInGroupEffects(SparkSession spark) {
    CliRunner.Result result =
        CliRunner.run(SharedSparkSession::get, "fit", "--data", CBPP.toString(), "--formula", CBPP_FORMULA, "--method", "laplace",
            "--min-group-size", "4", "--out", temp.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path run = latestRun(temp);
    List<Row> groups = spark.read().parquet(run.resolve("group_effects").toString()).collectAsList();
    GoldenCsv data = GoldenCsv.read(CBPP);
    Map<String, Integer> sizes = new HashMap<>();
    for (int i = 0; i < data.size(); i++) {
      sizes.merge(data.text(i, "group"), 1, Integer::sum);
    }
    assertThat(sizes.values()).as("the fixture has groups on both sides of the threshold").contains(1, 4);
    for (Row group : groups) {
      boolean small = sizes.get((String) group.getAs("group_id")) < 4;
      assertThat((boolean) group.getAs("suppressed")).isEqualTo(small);
      if (small) {
        assertThat((Object) group.getAs("conditional_mode")).isNull();
        assertThat((Object) group.getAs("n")).isNull();
      } else {
        assertThat((Object) group.getAs("conditional_mode")).isNotNull();
      }
    }
  }

  @Test
  void pooledFitWritesParquetThatDuckDbReadsWithRsNumbers() throws SQLException {
    Path data = GoldenCsv.golden("glm_pooled", "data.csv");
    CliRunner.Result result =
        CliRunner.run(SharedSparkSession::get, "fit", "--data", data.toString(), "--formula", "y ~ age10 + gender + education + trust + urban",
            "--weights", "w", "--cluster", "nbh", "--out", temp.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("genderm").contains("outputs: ");
    Path run = latestRun(temp);
    GoldenCsv expected = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "expected_weighted.csv"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT term, estimate, se_cluster, se_model, se_type FROM read_parquet('" + run.resolve("factor_effects") + "/*.parquet')")) {
      int seen = 0;
      while (rows.next()) {
        String term = rows.getString("term");
        int j = indexOf(expected, term);
        assertThat(rows.getDouble("estimate")).as(term).isCloseTo(expected.number(j, "estimate"), within(1e-6));
        assertThat(rows.getDouble("se_cluster") / expected.number(j, "se_cluster")).as(term).isCloseTo(1, within(1e-5));
        assertThat(rows.getDouble("se_model") / expected.number(j, "se_model")).as(term).isCloseTo(1, within(1e-5));
        assertThat(rows.getString("se_type")).isEqualTo("cluster");
        seen++;
      }
      assertThat(seen).isEqualTo(expected.size());
    }
  }

  @Test
  void badOptionsExitTwoWithOneLineBeforeSparkStarts() {
    CliRunner.Result nagq = CliRunner.run(CliRunner.noSpark(), "fit", "--data", CBPP.toString(), "--formula", CBPP_FORMULA,
        "--method", "agq", "--nagq", "0", "--out", temp.toString());
    assertThat(nagq.exitCode()).isEqualTo(2);
    assertThat(nagq.err().strip()).isEqualTo("coprod: invalid --nagq: 0 (must be 1..25)");

    CliRunner.Result method = CliRunner.run(CliRunner.noSpark(), "fit", "--data", CBPP.toString(), "--formula", CBPP_FORMULA,
        "--method", "probit", "--out", temp.toString());
    assertThat(method.exitCode()).isEqualTo(2);
    assertThat(method.err().strip()).isEqualTo("coprod: invalid --method: probit (allowed: glm, laplace, agq)");

    CliRunner.Result glmWithRandom = CliRunner.run(CliRunner.noSpark(), "fit", "--data", CBPP.toString(), "--formula", CBPP_FORMULA,
        "--out", temp.toString());
    assertThat(glmWithRandom.exitCode()).isEqualTo(2);
    assertThat(glmWithRandom.err()).contains("random terms (1 | group)").contains("method is glm");

    CliRunner.Result formula = CliRunner.run(CliRunner.noSpark(), "fit", "--data", CBPP.toString(), "--formula", "y ~ (x | g)",
        "--method", "laplace", "--out", temp.toString());
    assertThat(formula.exitCode()).isEqualTo(2);
    assertThat(formula.err()).contains("(x | g)");

    CliRunner.Result missing = CliRunner.run(CliRunner.noSpark(), "fit", "--data", "no/such.csv", "--formula", "y ~ x",
        "--out", temp.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("coprod: --data: no such file or directory: no/such.csv");

    CliRunner.Result unknownOption = CliRunner.run(CliRunner.noSpark(), "fit", "--dta", "x");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err().lines().count()).isEqualTo(1);
  }

  static int indexOf(GoldenCsv csv, String term) {
    for (int i = 0; i < csv.size(); i++) {
      if (csv.text(i, "term").equals(term)) {
        return i;
      }
    }
    throw new AssertionError("no term " + term);
  }

  static Path latestRun(Path output) {
    try {
      return output.resolve("runs").resolve(Files.readString(output.resolve("latest")).trim());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Properties properties(Path path) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    }
    return properties;
  }
}
