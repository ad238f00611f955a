package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins every default of the config, its validation messages, and the small pure helpers. */
class GeneratorConfigTest {

  @Test
  void defaults() {
    GeneratorConfig config = GeneratorConfig.of(3_000, 1, OutputFormat.CSV, "out");
    assertThat(config.dirtyRate()).isZero();
    assertThat(config.neighbourhoods()).isEqualTo(60);
    assertThat(config.municipalities()).isEqualTo(7);
    assertThat(config.waves()).isEqualTo(2);
    assertThat(config.eventsPerCitizen()).isEqualTo(20.0);
    assertThat(config.rowsPerPartition()).isEqualTo(100_000);
    assertThat(config.citizenPartitions()).isEqualTo(1);
    assertThat(GeneratorConfig.of(10_000_000, 1, OutputFormat.CSV, "out").citizenPartitions()).isEqualTo(100);
    assertThat(GeneratorConfig.defaultNeighbourhoods(100)).isEqualTo(20);
    assertThat(GeneratorConfig.defaultNeighbourhoods(10_000_000)).isEqualTo(20_000);
    assertThat(GeneratorConfig.defaultMunicipalities(20_000)).isEqualTo(2_000);
  }

  @Test
  void invalidValuesNameValueAndRange() {
    GeneratorConfig config = GeneratorConfig.of(100, 1, OutputFormat.CSV, "out");
    assertThatThrownBy(() -> GeneratorConfig.of(0, 1, OutputFormat.CSV, "out"))
        .hasMessage("invalid citizens: 0 (must be 1..1000000000)");
    assertThatThrownBy(() -> config.withDirtyRate(-0.1)).hasMessage("invalid dirty-rate: -0.1 (must be 0..0.5)");
    assertThatThrownBy(() -> config.withNeighbourhoods(0)).hasMessage("invalid neighbourhoods: 0 (must be 1..99999)");
    assertThatThrownBy(() -> config.withNeighbourhoods(10).withMunicipalities(11))
        .hasMessage("invalid municipalities: 11 (must be 1..10, at most the number of neighbourhoods)");
    assertThatThrownBy(() -> OutputFormat.parse("xml")).hasMessage("invalid format: xml (must be csv, json or parquet)");
  }

  @Test
  void identifiersAreUniqueByConstruction() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 200_000; i++) {
      assertThat(seen.add(Rng.mix48(7, i))).isTrue();
    }
    assertThat(PlatformModel.accountId(7, 0)).matches("A[0-9a-f]{12}");
    assertThat(PlatformModel.eventId(7, 1, 2)).matches("E[0-9a-f]{12}");
    assertThat(Citizen.respondentId(0)).isEqualTo("R000000001");
  }

  @Test
  void numbersAndTimesHaveOneTextualForm() {
    assertThat(TextRowWriter.fixed(0.12, 4)).isEqualTo("0.12");
    assertThat(TextRowWriter.fixed(3.0, 2)).isEqualTo("3.0");
    assertThat(TextRowWriter.fixed(-1.3456, 3)).isEqualTo("-1.346");
    assertThat(TextRowWriter.fixed(-0.0001, 3)).isEqualTo("0.0");
    assertThat(TextRowWriter.fixed(0.002, 4)).isEqualTo("0.002");
    assertThat(TextRowWriter.timestamp(0)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(TextRowWriter.timestamp(1_767_225_599L)).isEqualTo("2025-12-31T23:59:59Z");
  }

  @Test
  void truthFormulaListsEveryTerm() {
    assertThat(TrueModel.formula("coprod_ict")).startsWith(
        "coprod_ict ~ age10 + gender + education + home_language + migrant_background + trust_local + ")
        .endsWith("+ mun_citizen_training_programme + (1 | municipality_id) + (1 | neighbourhood_id)");
    assertThat(TrueModel.TERMS).hasSize(22);
    String json = Json.write(TrueModel.standard().toJson(GeneratorConfig.of(100, 1, OutputFormat.CSV, "out")));
    assertThat(json).contains("\"term\": \"(Intercept)\"", "\"term\": \"genderfemale\"", "\"sd\": 0.5");
  }
}
