package org.coprod.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Column names and types of the output tables are a contract (DESIGN.md): pinned here. No Spark job runs. */
@SparkTest
class FeatureSchemaTest {

  private static final String CITIZENS = "respondent_id:string wave:int neighbourhood_id:string municipality_id:string weight:double "
      + "coprod_ict:int coprod_traditional:int age10:double gender:string education:string income_band:string employment:string "
      + "migrant_background:int home_language:string trust_local:int trust_national:int tech_anxiety:int digital_skills:int "
      + "fear_f2f_loss:int digital_training:int device_access:int internet_use:string knows_coproducers:int usage_linked:int "
      + "usage_events:bigint log_events:double usage_active_days:int usage_digital_share:double usage_services:int "
      + "usage_collaborative:bigint usage_days_since_last:int nbh_population:int nbh_area_km2:double nbh_median_income:double "
      + "nbh_deprivation_index:double nbh_share_65plus:double nbh_share_foreign_born:double nbh_share_tertiary:double "
      + "nbh_broadband_coverage:double nbh_urban:int nbh_active_accounts_per_1000:double nbh_reports_per_1000:double "
      + "nbh_respondents:bigint nbh_loo_share_65plus:double nbh_loo_share_female:double nbh_loo_share_high_education:double "
      + "nbh_loo_share_minority_language:double nbh_loo_mean_trust_local:double nbh_loo_mean_digital_skills:double "
      + "nbh_loo_share_knows_coproducers:double nbh_loo_share_coprod_ict:double mun_digital_budget_per_capita:double "
      + "mun_share_staff_trained:double mun_eservice_maturity:int mun_regulation_adapted:int mun_low_cost_solutions:int "
      + "mun_staff_resistance:double mun_trust_programme:int mun_citizen_training_programme:int";

  private static String describe(StructField[] fields) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField field : fields) {
      types.put(field.name(), field.dataType().simpleString());
    }
    return String.join(" ", types.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
  }

  @Test
  void citizensTableTypes(SparkSession spark) {
    FeatureResult result = FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults());
    assertThat(describe(result.citizens().schema().fields())).isEqualTo(CITIZENS);
    assertThat(describe(result.neighbourhoods().schema().fields())).isEqualTo(
        "neighbourhood_id:string municipality_id:string wave:int nbh_population:int nbh_area_km2:double nbh_median_income:double "
            + "nbh_deprivation_index:double nbh_share_65plus:double nbh_share_foreign_born:double nbh_share_tertiary:double "
            + "nbh_broadband_coverage:double nbh_urban:int nbh_active_accounts_per_1000:double nbh_reports_per_1000:double "
            + "nbh_respondents:bigint");
    assertThat(describe(result.catalog().schema().fields())).isEqualTo("name:string level:string source_columns:string "
        + "transformation:string unit:string actor:string category:string expected_role:string reference_level:string");
    assertThat(describe(result.missingCounts().schema().fields())).isEqualTo("variable:string missing:bigint");
  }

  @Test
  void optionColumnsTypes(SparkSession spark) {
    FeatureOptions options = FeatureOptions.defaults().withMissingIndicator("income_band").withMissingIndicator("trust_local")
        .withCentring("trust_local", Centring.group("municipality_id")).withCentring("usage_events", Centring.GRAND);
    String schema = describe(FeatureStage.build(spark, FeatureFixtures.standard(spark), options).citizens().schema().fields());
    assertThat(schema).contains("income_band:string income_band_missing:int")
        .contains("trust_local:double trust_local_missing:int trust_local_mean_municipality_id:double")
        .contains("usage_events:double");
  }

  @Test
  void inputsOutsideTheContractAreRejectedNamingTheColumn(SparkSession spark) {
    FeatureInputs good = FeatureFixtures.standard(spark);
    FeatureInputs noAge = new FeatureInputs(good.survey().drop("age"), good.usage(), good.links(), good.neighbourhoods(), good.municipalities());
    assertThatThrownBy(() -> FeatureStage.build(spark, noAge, FeatureOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("survey: column age is missing");
    FeatureInputs textWave = new FeatureInputs(good.survey().withColumn("wave", good.survey().col("wave").cast("string")),
        good.usage(), good.links(), good.neighbourhoods(), good.municipalities());
    assertThatThrownBy(() -> FeatureStage.build(spark, textWave, FeatureOptions.defaults()))
        .hasMessage("survey.wave: type string, the contract says int");
  }
}
