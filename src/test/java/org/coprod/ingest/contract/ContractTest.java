package org.coprod.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Pins the column names and types other stages are coded against, and keeps data/README.md in sync. */
class ContractTest {

  @Test
  void surveyColumnsAndTypesArePinned() {
    StructType schema = Contracts.SURVEY.plainSchema();
    assertThat(schema.fieldNames()).containsExactly("respondent_id", "wave", "neighbourhood_id", "interview_date",
        "weight", "age", "gender", "education", "income_band", "employment", "migrant_background", "home_language",
        "trust_local", "trust_national", "tech_anxiety", "digital_skills", "fear_f2f_loss", "digital_training",
        "device_access", "internet_use", "knows_coproducers", "coprod_ict", "coprod_traditional");
    assertThat(schema.apply("interview_date").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(schema.apply("weight").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(schema.apply("age").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("coprod_ict").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("respondent_id").nullable()).isFalse();
    assertThat(schema.apply("income_band").nullable()).isTrue();
    assertThat(Contracts.SURVEY.column("internet_use").orElseThrow().allowedValues())
        .containsExactly("daily", "weekly", "less", "never");
  }

  @Test
  void otherSourcesArePinned() {
    assertThat(Contracts.USAGE.plainSchema().simpleString()).isEqualTo(
        "struct<event_id:string,account_id:string,ts:timestamp,channel:string,service:string,action:string,"
            + "neighbourhood_id:string>");
    // Events without accounts (a 311 request) are usage: account_id is nullable, the keys are event_id and ts.
    assertThat(Contracts.USAGE.plainSchema().apply("account_id").nullable()).isTrue();
    assertThat(Contracts.USAGE.keyColumns()).containsExactly("event_id", "ts");
    assertThat(Contracts.USAGE.column("channel").orElseThrow().allowedValues())
        .containsExactly("app", "web", "phone", "counter", "social", "staff");
    assertThat(Contracts.SURVEY.column("age").orElseThrow().min()).isEqualTo(15.0);
    assertThat(Contracts.LINKS.plainSchema().simpleString()).isEqualTo("struct<respondent_id:string,account_id:string>");
    assertThat(Contracts.NEIGHBOURHOODS.plainSchema().simpleString()).isEqualTo(
        "struct<neighbourhood_id:string,municipality_id:string,population:int,area_km2:double,median_income:double,"
            + "deprivation_index:double,share_65plus:double,share_foreign_born:double,share_tertiary:double,"
            + "broadband_coverage:double,urban:int>");
    assertThat(Contracts.MUNICIPALITIES.plainSchema().simpleString()).isEqualTo(
        "struct<municipality_id:string,digital_budget_per_capita:double,share_staff_trained:double,"
            + "eservice_maturity:int,regulation_adapted:int,low_cost_solutions:int,staff_resistance:double,"
            + "trust_programme:int,citizen_training_programme:int>");
    assertThat(Contracts.all()).extracting(SourceContract::name)
        .containsExactly("survey", "usage", "links", "neighbourhoods", "municipalities");
  }

  @Test
  void schemaCarriesUnitAndDescription() {
    var field = Contracts.MUNICIPALITIES.schema().apply("digital_budget_per_capita");
    assertThat(field.metadata().getString("unit")).isEqualTo("tens of EUR per inhabitant per year");
    assertThat(field.metadata().getString("description")).contains("EUR 35");
  }

  @Test
  void columnSpecChecksItsArguments() {
    assertThatThrownBy(() -> ColumnSpec.integer("Bad Name", "-", 0, 1, false, "x"))
        .hasMessage("invalid column name: Bad Name (must be snake_case)");
    assertThatThrownBy(() -> ColumnSpec.integer("x", "-", 5, 1, false, "x"))
        .hasMessage("invalid range for x: 5.0 > 1.0");
    assertThat(Contracts.SURVEY.column("age").orElseThrow().allows(101)).isFalse();
    assertThat(Contracts.SURVEY.column("gender").orElseThrow().allows("female")).isTrue();
    assertThat(Contracts.SURVEY.column("income_band").orElseThrow().allows(null)).isTrue();
    assertThatThrownBy(() -> new SourceContract("s", "g", List.of("nope"), List.of("a"),
        List.of(ColumnSpec.id("a", "x")))).hasMessageContaining("key column nope");
  }

  @Test
  void dataReadmeEmbedsTheGeneratedDictionary() throws Exception {
    Path readme = Path.of("data/README.md");
    String expected = DataDictionary.markdown(Contracts.all());
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(DataDictionary.BEGIN);
    int end = text.indexOf(DataDictionary.END);
    String actual = begin < 0 || end < 0 ? "" : text.substring(begin, end + DataDictionary.END.length()) + "\n";
    if (!actual.equals(expected)) {
      // Leave the expected section where a developer can paste it from.
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/data-dictionary.md"), expected, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("data/README.md section; regenerate from target/data-dictionary.md").isEqualTo(expected);
  }
}
