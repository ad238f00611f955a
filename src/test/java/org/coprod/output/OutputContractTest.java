package org.coprod.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Pins every output schema (names, types, nullability) so that a change is deliberate, and
 * checks that docs/output-tables.md is what {@link OutputContract#markdown()} renders. After a
 * deliberate change: update the pins below and regenerate the doc with
 * {@code ./mvnw -q test -Dtest=OutputContractTest -Dcoprod.writeDocs=true}.
 */
class OutputContractTest {

  private static final Path DOC = Path.of("docs/output-tables.md");

  @Test
  void schemasArePinned() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("factor_effects",
        "run_id string!, model_id string!, outcome string!, term string!, variable string, level string, feature_level string,"
            + " actor string, category string, expected_role string, estimate double, std_error double, se_type string!,"
            + " z_value double, p_value double, p_adjusted_holm double, ci_low double, ci_high double, odds_ratio double,"
            + " or_ci_low double, or_ci_high double, ame double, ame_se double, se_model double, se_robust_hc1 double,"
            + " se_cluster double, aliased boolean!, role string");
    expected.put("model_fit",
        "run_id string!, model_id string!, outcome string, formula string!, method string!, nagq int!, rows_read bigint,"
            + " rows_dropped bigint, n_obs bigint, n_groups bigint, n_singleton_groups bigint, weights string, cluster string, se_type string!,"
            + " loglik double, deviance double, null_deviance double, aic double, bic double, iterations int,"
            + " converged boolean!, status string!, message string!, gradient_norm double, singular_fit boolean,"
            + " separated_terms string, auc double, sigma double,"
            + " sigma_se double, icc double, median_odds_ratio double, lr_statistic double, lr_p_value double,"
            + " fit_seconds double, wall_seconds double");
    expected.put("variance_components",
        "run_id string!, model_id string!, grouping string!, term string!, variance double, sd double, sd_std_error double,"
            + " n_groups bigint");
    expected.put("group_effects",
        "run_id string!, model_id string!, grouping string!, group_id string!, n int, conditional_mode double,"
            + " conditional_sd double, suppressed boolean!");
    expected.put("divide",
        "run_id string!, term string!, variable string, actor string, category string, ict_model_id string!,"
            + " traditional_model_id string!, ict_estimate double, ict_std_error double, traditional_estimate double,"
            + " traditional_std_error double, difference double, difference_std_error double, difference_z double,"
            + " difference_p_value double, wider_for_ict boolean!");
    expected.put("quality",
        "run_id string!, source string!, rule_id string!, rows_read bigint!, rows_accepted bigint!, rows_quarantined bigint!,"
            + " rows_dropped bigint!, rows_cleaned bigint!");
    expected.put("quarantine",
        "run_id string!, source string!, file string!, line bigint, offset bigint, raw_record string,"
            + " rule_ids array<string>!, reasons array<string>!");

    Map<String, String> actual = new LinkedHashMap<>();
    OutputContract.schemas().forEach((table, schema) -> actual.put(table, pin(schema)));
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void everyColumnHasAMeaning() {
    for (OutputContract.Table table : OutputContract.tables()) {
      assertThat(table.columns()).extracting(OutputContract.Column::name).containsExactly(table.schema().fieldNames());
      assertThat(table.columns()).allSatisfy(column -> assertThat(column.meaning()).as(table.name() + "." + column.name()).isNotBlank());
      assertThat(table.grain()).isNotBlank();
    }
  }

  @Test
  void docMatchesTheCode() throws IOException {
    String generated = OutputContract.markdown();
    if (Boolean.getBoolean("coprod.writeDocs")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("regenerate with -Dcoprod.writeDocs=true").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).as("docs/output-tables.md is stale; regenerate with -Dcoprod.writeDocs=true")
        .isEqualTo(generated);
    // README carries the same section, so that a reader of the README sees every table and column.
    assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8)).as("README's output tables section is stale: paste docs/output-tables.md")
        .contains(generated);
    for (Map.Entry<String, StructType> entry : OutputContract.schemas().entrySet()) {
      assertThat(generated).contains("### " + entry.getKey());
      for (String column : entry.getValue().fieldNames()) {
        assertThat(generated).contains("| `" + column + "` |");
      }
    }
  }

  @Test
  void documentedColumnsMustMatchTheSchema() {
    StructType schema = new StructType().add("a", "string").add("b", "double");
    List<OutputContract.Column> onlyA = List.of(new OutputContract.Column("a", "x", ""));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OutputContract.Table("t", "row", "p", schema, onlyA))
        .hasMessageContaining("differ from the schema");
  }

  private static String pin(StructType schema) {
    return Arrays.stream(schema.fields()).map(OutputContractTest::pin).collect(Collectors.joining(", "));
  }

  private static String pin(StructField field) {
    return field.name() + " " + field.dataType().simpleString() + (field.nullable() ? "" : "!");
  }
}
