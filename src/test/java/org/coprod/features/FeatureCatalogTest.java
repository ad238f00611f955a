package org.coprod.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coprod.ingest.contract.Contracts;
import org.junit.jupiter.api.Test;

/** The catalog against the contract, the generator's feature names and data/README.md. */
class FeatureCatalogTest {

  @Test
  void readmeSectionMatchesTheCode() throws IOException {
    Path readme = Path.of("data/README.md");
    assertThat(readme).exists();
    assertThat(FeatureCatalogMarkdown.section(Files.readString(readme)))
        .as("data/README.md is stale: run org.coprod.features.FeatureCatalogMarkdown (it rewrites the section)")
        .isEqualTo(FeatureCatalogMarkdown.markdown());
  }

  @Test
  void everyCensusAndGovernmentColumnIsAFeatureWithItsPrefixAndUnit() {
    for (var column : Contracts.NEIGHBOURHOODS.columns()) {
      if (!Contracts.NEIGHBOURHOODS.keyColumns().contains(column.name())) {
        assertThat(FeatureCatalog.lookup("nbh_" + column.name())).get().extracting(CatalogEntry::unit).isEqualTo(column.unit());
      }
    }
    for (var column : Contracts.MUNICIPALITIES.columns()) {
      if (!Contracts.MUNICIPALITIES.keyColumns().contains(column.name())) {
        assertThat(FeatureCatalog.lookup("mun_" + column.name())).get()
            .satisfies(e -> assertThat(e.actor()).isEqualTo("government"))
            .satisfies(e -> assertThat(e.unit()).isEqualTo(column.unit()));
      }
    }
  }

  @Test
  void theGeneratorsTrueFormulaUsesOnlyCatalogFeatures() {
    // TrueModel.VARIABLES on branch generate: a fit of the true formula on the citizens table needs these names.
    List<String> trueVariables = List.of("age10", "gender", "education", "home_language", "migrant_background", "trust_local",
        "tech_anxiety", "digital_skills", "fear_f2f_loss", "digital_training", "knows_coproducers", "nbh_broadband_coverage",
        "nbh_deprivation_index", "mun_digital_budget_per_capita", "mun_share_staff_trained", "mun_eservice_maturity",
        "mun_regulation_adapted", "mun_low_cost_solutions", "mun_staff_resistance", "mun_trust_programme",
        "mun_citizen_training_programme");
    assertThat(FeatureStage.citizenColumns(FeatureOptions.defaults())).containsAll(trueVariables)
        .contains("neighbourhood_id", "municipality_id", "coprod_ict", "coprod_traditional", "weight");
    assertThat(FeatureCatalog.referenceLevels())
        .containsEntry("gender", "male").containsEntry("education", "low").containsEntry("home_language", "majority");
  }

  @Test
  void lookupKnowsTheColumnsThatOptionsAdd() {
    assertThat(FeatureCatalog.lookup("income_band_missing")).get().extracting(CatalogEntry::unit).isEqualTo("indicator 0/1");
    assertThat(FeatureCatalog.lookup("trust_local_mean_neighbourhood_id")).get()
        .extracting(CatalogEntry::level).isEqualTo(FeatureLevel.NEIGHBOURHOOD);
    assertThat(FeatureCatalog.lookup("trust_local_mean_municipality_id")).get()
        .extracting(CatalogEntry::level).isEqualTo(FeatureLevel.MUNICIPALITY);
    assertThat(FeatureCatalog.lookup("gender_mean_neighbourhood_id")).isEmpty();
    assertThat(FeatureCatalog.lookup("nbh_urban_missing")).isEmpty();
    assertThat(FeatureCatalog.lookup("no_such_feature")).isEmpty();
  }

  @Test
  void entriesWithOptionsDescribeCentringAndPlaceAddedColumnsAfterTheirFeature() {
    FeatureOptions options = FeatureOptions.defaults()
        .withCentring("trust_local", Centring.group("neighbourhood_id"))
        .withCentring("age10", Centring.GRAND)
        .withMissingIndicator("income_band");
    List<String> names = FeatureCatalog.entries(options).stream().map(CatalogEntry::name).toList();
    assertThat(names).containsSubsequence("income_band", "income_band_missing", "employment")
        .containsSubsequence("trust_local", "trust_local_mean_neighbourhood_id", "trust_national");
    Map<String, CatalogEntry> byName = new java.util.HashMap<>();
    FeatureCatalog.entries(options).forEach(e -> byName.put(e.name(), e));
    assertThat(byName.get("age10").transformation()).isEqualTo("(age - 50) / 10; centred at its grand mean");
    assertThat(byName.get("trust_local").transformation()).endsWith("centred at its neighbourhood_id mean (the mean is in trust_local_mean_neighbourhood_id)");
  }
}
