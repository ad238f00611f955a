package org.coprod.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.coprod.features.FeatureFixtures.byInterview;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** The feature stage on {@link FeatureFixtures#standard}; every expected value is worked out by hand. */
@SparkTest
class FeatureStageTest {

  private static final double EXACT = 1e-12;

  /** The standard fixture with default options, built and collected once: most tests only read it. */
  private static Map<String, Row> standardRows;

  @org.junit.jupiter.api.BeforeAll
  static void buildStandard(SparkSession spark) {
    standardRows = byInterview(FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults()).citizens());
  }

  @Test
  void citizensHaveTheCatalogColumnsInOrderOneRowPerInterview(SparkSession spark) {
    FeatureResult result = FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults());
    Dataset<Row> citizens = result.citizens();
    assertThat(Arrays.asList(citizens.columns())).isEqualTo(FeatureStage.citizenColumns(FeatureOptions.defaults()));
    assertThat(citizens.count()).isEqualTo(5);
    assertThat(citizens.schema().apply("age10").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(citizens.schema().apply("gender").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(citizens.schema().apply("usage_events").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(citizens.schema().apply("nbh_broadband_coverage").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(result.catalog().count()).isEqualTo(FeatureCatalog.entries().size());
  }

  @Test
  void recodesAgeAndCarriesNeighbourhoodAndMunicipalityColumnsUnchanged(SparkSession spark) {
    Map<String, Row> rows = standardRows;
    Row r1 = rows.get("r1/1");
    assertThat((double) r1.getAs("age10")).isCloseTo(2.0, within(EXACT));
    assertThat((double) rows.get("r4/1").getAs("age10")).isCloseTo(-2.0, within(EXACT));
    assertThat((String) r1.getAs("municipality_id")).isEqualTo("M1");
    assertThat((double) r1.getAs("nbh_broadband_coverage")).isEqualTo(0.9);
    assertThat((int) r1.getAs("nbh_population")).isEqualTo(2000);
    assertThat((double) r1.getAs("mun_digital_budget_per_capita")).isEqualTo(3.5);
    assertThat((double) rows.get("r4/1").getAs("nbh_broadband_coverage")).isEqualTo(0.5);
    assertThat((String) r1.getAs("gender")).isEqualTo("female");
    assertThat((int) r1.getAs("coprod_ict")).isEqualTo(1);
  }

  @Test
  void leaveOneOutMeansUseOnlyTheOtherRespondentsOfTheNeighbourhoodAndWave(SparkSession spark) {
    Map<String, Row> rows = standardRows;
    // N1 wave 1: r1 (70, trust 8, female, ict 1), r2 (40, 4, male), r3 (66, 6, female)
    assertThat((double) rows.get("r1/1").getAs("nbh_loo_share_65plus")).isCloseTo(0.5, within(EXACT));
    assertThat((double) rows.get("r1/1").getAs("nbh_loo_mean_trust_local")).isCloseTo(5.0, within(EXACT));
    assertThat((double) rows.get("r1/1").getAs("nbh_loo_share_coprod_ict")).isCloseTo(0.0, within(EXACT));
    assertThat((double) rows.get("r2/1").getAs("nbh_loo_share_65plus")).isCloseTo(1.0, within(EXACT));
    assertThat((double) rows.get("r2/1").getAs("nbh_loo_mean_trust_local")).isCloseTo(7.0, within(EXACT));
    assertThat((double) rows.get("r2/1").getAs("nbh_loo_share_female")).isCloseTo(1.0, within(EXACT));
    assertThat((double) rows.get("r2/1").getAs("nbh_loo_share_coprod_ict")).isCloseTo(0.5, within(EXACT));
    assertThat((double) rows.get("r3/1").getAs("nbh_loo_mean_trust_local")).isCloseTo(6.0, within(EXACT));
    assertThat((double) rows.get("r3/1").getAs("nbh_loo_share_female")).isCloseTo(0.5, within(EXACT));
    // alone: r4 in N2 wave 1, r1 in N1 wave 2 (the wave-1 answers are not neighbours)
    assertThat(rows.get("r4/1").<Object>getAs("nbh_loo_mean_trust_local")).isNull();
    assertThat(rows.get("r1/2").<Object>getAs("nbh_loo_share_65plus")).isNull();
    assertThat((long) rows.get("r1/1").getAs("nbh_respondents")).isEqualTo(3);
    assertThat((long) rows.get("r1/2").getAs("nbh_respondents")).isEqualTo(1);
  }

  @Test
  void usageCountsOnlyTheWindowBeforeTheInterviewDay(SparkSession spark) {
    Map<String, Row> rows = standardRows;
    // wave 1: e2 (day -1, app, report), e6 (day -1, web, vote), e3 (day -365, phone, comment);
    // e1 on the interview day, e4 on day -366 and e5 after the interview are out
    Row r1 = rows.get("r1/1");
    assertThat((int) r1.getAs("usage_linked")).isEqualTo(1);
    assertThat((long) r1.getAs("usage_events")).isEqualTo(3);
    assertThat((double) r1.getAs("log_events")).isCloseTo(Math.log(4.0), within(EXACT));
    assertThat((int) r1.getAs("usage_active_days")).isEqualTo(2);
    assertThat((double) r1.getAs("usage_digital_share")).isCloseTo(2.0 / 3.0, within(EXACT));
    assertThat((int) r1.getAs("usage_services")).isEqualTo(2);
    assertThat((long) r1.getAs("usage_collaborative")).isEqualTo(2);
    assertThat((int) r1.getAs("usage_days_since_last")).isEqualTo(1);
    // wave 2 (2025-06-15, no leap day in between): e1 is exactly day -365 (in), e5 day -360 (in), e2 day -366 (out)
    Row r1Wave2 = rows.get("r1/2");
    assertThat((long) r1Wave2.getAs("usage_events")).isEqualTo(2);
    assertThat((double) r1Wave2.getAs("usage_digital_share")).isCloseTo(0.5, within(EXACT));
    assertThat((long) r1Wave2.getAs("usage_collaborative")).isEqualTo(0);
    assertThat((int) r1Wave2.getAs("usage_days_since_last")).isEqualTo(360);
  }

  @Test
  void staffMadeEventsCountAsEventsButNotInTheDigitalShare(SparkSession spark) {
    FeatureInputs base = FeatureFixtures.standard(spark);
    // a1 in r1's wave-1 window: a request staff logged (day -5) and nothing else new.
    Dataset<Row> usage = base.usage().orElseThrow().union(FeatureFixtures.frame(spark, org.coprod.ingest.contract.Contracts.USAGE,
        List.of(FeatureFixtures.event("e9", "a1", "2024-06-10T09:00:00Z", "staff", "roads", "report", "N1"))));
    FeatureInputs inputs = FeatureInputs.of(base.survey(), usage, base.links().orElseThrow(), base.neighbourhoods(), base.municipalities());
    Row r1 = byInterview(FeatureStage.build(spark, inputs, FeatureOptions.defaults()).citizens()).get("r1/1");
    assertThat((long) r1.getAs("usage_events")).isEqualTo(4);
    // digital e2 and e6 among the citizen-made e2, e3, e6 (e9 is staff's): 2/3 as without it, not 2/4
    assertThat((double) r1.getAs("usage_digital_share")).isCloseTo(2.0 / 3.0, within(EXACT));
  }

  @Test
  void aShorterWindowMovesTheEdge(SparkSession spark) {
    Map<String, Row> rows = byInterview(
        FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults().withWindowDays(1)).citizens());
    assertThat((long) rows.get("r1/1").getAs("usage_events")).isEqualTo(2);
    assertThat((long) rows.get("r1/2").getAs("usage_events")).isEqualTo(0);
    assertThat((int) rows.get("r1/2").getAs("usage_days_since_last")).isEqualTo(2);
  }

  @Test
  void unlinkedRespondentsAndLinkedOnesWithoutEventsGetZeros(SparkSession spark) {
    Map<String, Row> rows = standardRows;
    for (String key : List.of("r2/1", "r3/1", "r4/1")) {
      Row row = rows.get(key);
      assertThat((int) row.getAs("usage_linked")).as(key).isEqualTo(key.equals("r2/1") ? 1 : 0);
      assertThat((long) row.getAs("usage_events")).as(key).isZero();
      assertThat((double) row.getAs("log_events")).as(key).isZero();
      assertThat((int) row.getAs("usage_active_days")).as(key).isZero();
      assertThat((double) row.getAs("usage_digital_share")).as(key).isZero();
      assertThat((int) row.getAs("usage_services")).as(key).isZero();
      assertThat((long) row.getAs("usage_collaborative")).as(key).isZero();
      assertThat((int) row.getAs("usage_days_since_last")).as(key).isEqualTo(366);
    }
  }

  @Test
  void withoutUsageEveryoneIsUnlinkedAndPenetrationIsUnknown(SparkSession spark) {
    FeatureInputs all = FeatureFixtures.standard(spark);
    FeatureInputs inputs = FeatureInputs.withoutUsage(all.survey(), all.neighbourhoods(), all.municipalities());
    FeatureResult result = FeatureStage.build(spark, inputs, FeatureOptions.defaults());
    Map<String, Row> rows = byInterview(result.citizens());
    assertThat((int) rows.get("r1/1").getAs("usage_linked")).isZero();
    assertThat((long) rows.get("r1/1").getAs("usage_events")).isZero();
    assertThat(rows.get("r1/1").<Object>getAs("nbh_active_accounts_per_1000")).isNull();
    assertThat(result.missingCountMap()).containsEntry("nbh_active_accounts_per_1000", 5L).containsEntry("usage_events", 0L);
  }

  @Test
  void neighbourhoodTableHasEveryNeighbourhoodAndWaveWithPenetration(SparkSession spark) {
    Dataset<Row> table = FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults()).neighbourhoods();
    Map<String, Row> rows = new java.util.TreeMap<>();
    table.collectAsList().forEach(r -> rows.put(r.getAs("neighbourhood_id") + "/" + r.getAs("wave"), r));
    assertThat(rows.keySet()).containsExactly("N1/1", "N1/2", "N2/1", "N2/2", "N3/1", "N3/2");
    // wave 1 reference day 2024-06-15: a1 (e2, e3, e6) and a3 (e8) active in N1; reports e2, e8; population 2000
    assertThat((double) rows.get("N1/1").getAs("nbh_active_accounts_per_1000")).isCloseTo(1.0, within(EXACT));
    assertThat((double) rows.get("N1/1").getAs("nbh_reports_per_1000")).isCloseTo(1.0, within(EXACT));
    // wave 2 reference day 2025-06-15: only e1 refers to N1 (e5 has no neighbourhood)
    assertThat((double) rows.get("N1/2").getAs("nbh_active_accounts_per_1000")).isCloseTo(0.5, within(EXACT));
    assertThat((double) rows.get("N1/2").getAs("nbh_reports_per_1000")).isZero();
    assertThat((double) rows.get("N2/1").getAs("nbh_active_accounts_per_1000")).isZero();
    assertThat((long) rows.get("N3/1").getAs("nbh_respondents")).isZero();
    assertThat((String) rows.get("N3/1").getAs("municipality_id")).isEqualTo("M2");
    Dataset<Row> municipalities = FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults()).municipalities();
    assertThat(municipalities.count()).isEqualTo(2);
    assertThat(Arrays.asList(municipalities.columns())).contains("municipality_id", "mun_staff_resistance", "mun_citizen_training_programme");
  }

  @Test
  void grandAndGroupMeanCentring(SparkSession spark) {
    FeatureOptions options = FeatureOptions.defaults()
        .withCentring("age10", Centring.GRAND)
        .withCentring("trust_local", Centring.group("neighbourhood_id"));
    FeatureResult result = FeatureStage.build(spark, FeatureFixtures.standard(spark), options);
    Map<String, Row> rows = byInterview(result.citizens());
    // age10: 2.0, -1.0, 1.6, -2.0, 2.1 -> grand mean 0.54
    assertThat((double) rows.get("r1/1").getAs("age10")).isCloseTo(1.46, within(1e-12));
    assertThat((double) rows.get("r4/1").getAs("age10")).isCloseTo(-2.54, within(1e-12));
    // trust_local in N1 (both waves): 8, 4, 6, 9 -> mean 6.75; N2: 5 alone
    assertThat((double) rows.get("r1/1").getAs("trust_local")).isCloseTo(1.25, within(EXACT));
    assertThat((double) rows.get("r1/1").getAs("trust_local_mean_neighbourhood_id")).isCloseTo(6.75, within(EXACT));
    assertThat((double) rows.get("r2/1").getAs("trust_local")).isCloseTo(-2.75, within(EXACT));
    assertThat((double) rows.get("r4/1").getAs("trust_local")).isZero();
    assertThat((double) rows.get("r4/1").getAs("trust_local_mean_neighbourhood_id")).isEqualTo(5.0);
    // the leave-one-out composition is built from the answers as surveyed, not centred ones
    assertThat((double) rows.get("r1/1").getAs("nbh_loo_mean_trust_local")).isCloseTo(5.0, within(EXACT));
    assertThat(Arrays.asList(result.citizens().columns())).isEqualTo(FeatureStage.citizenColumns(options));
    assertThat(result.catalog().where("name = 'trust_local_mean_neighbourhood_id'").first().<String>getAs("level")).isEqualTo("neighbourhood");
  }

  @Test
  void missingIndicatorsFillTheReferenceLevelAndCountTheMissing(SparkSession spark) {
    FeatureResult plain = FeatureStage.build(spark, FeatureFixtures.standard(spark), FeatureOptions.defaults());
    assertThat(byInterview(plain.citizens()).get("r3/1").<Object>getAs("income_band")).isNull();
    assertThat(plain.missingCountMap()).containsEntry("income_band", 1L).containsEntry("age10", 0L)
        .containsEntry("nbh_loo_mean_trust_local", 2L).doesNotContainKey("income_band_missing");

    FeatureOptions options = FeatureOptions.defaults().withMissingIndicator("income_band").withMissingIndicator("trust_local");
    FeatureResult coded = FeatureStage.build(spark, FeatureFixtures.standard(spark), options);
    Map<String, Row> rows = byInterview(coded.citizens());
    assertThat((String) rows.get("r3/1").getAs("income_band")).isEqualTo("q1");
    assertThat((int) rows.get("r3/1").getAs("income_band_missing")).isEqualTo(1);
    assertThat((String) rows.get("r2/1").getAs("income_band")).isEqualTo("q3");
    assertThat((int) rows.get("r2/1").getAs("income_band_missing")).isZero();
    assertThat((int) rows.get("r2/1").getAs("trust_local_missing")).isZero();
    assertThat(coded.missingCountMap()).containsEntry("income_band", 1L).containsEntry("trust_local", 0L)
        .doesNotContainKey("income_band_missing");
    assertThat(Arrays.asList(coded.citizens().columns())).containsSubsequence("income_band", "income_band_missing", "employment");
  }
}
