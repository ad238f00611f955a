package org.coprod.features;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.coprod.features.FeatureFixtures.event;
import static org.coprod.features.FeatureFixtures.frame;
import static org.coprod.features.FeatureFixtures.municipality;
import static org.coprod.features.FeatureFixtures.neighbourhood;
import static org.coprod.features.FeatureFixtures.survey;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * Jobs without every source (real data: a 311 log has only events, an area study only areas, a
 * survey may come without a census), the job's own extra columns, and keyed tables attached to
 * areas.
 */
@SparkTest
class PartialSourcesFeatureTest {

  @Test
  void anEventLogAloneGivesEventRowsAndNeighbourhoodsCountedOverTheWholeLog(SparkSession spark) {
    Dataset<Row> usage = spark.createDataFrame(List.of(
        event("e1", null, "2019-03-01T10:00:00Z", "app", "dead_animal", "report", "Dorchester"),
        event("e2", null, "2019-12-31T23:30:00Z", "phone", "dead_animal", "report", "Dorchester"),
        event("e3", "a1", "2018-07-04T08:00:00Z", "staff", "noise", "report", "Roxbury"),
        event("e4", "a1", "2018-07-05T08:00:00Z", "web", "noise", "comment", null)), nullable(Contracts.USAGE.schema()));
    FeatureInputs inputs = FeatureInputs.available(spark, Optional.empty(), Optional.of(usage), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of());
    FeatureResult result = FeatureStage.build(spark, inputs, FeatureOptions.defaults());

    assertThat(result.citizens().count()).isZero();
    Map<String, Row> events = new HashMap<>();
    Dataset<Row> eventRows = result.events().orElseThrow();
    assertThat(eventRows.columns()).doesNotContain("event_id", "account_id");
    for (Row row : eventRows.collectAsList()) {
      events.put(row.getAs("channel"), row);
    }
    assertThat(events.get("app").<Integer>getAs("digital")).isEqualTo(1);
    assertThat(events.get("phone").<Integer>getAs("digital")).isEqualTo(0);
    assertThat(events.get("staff").<Object>getAs("digital")).as("staff-made requests are no citizen's channel choice").isNull();
    assertThat(events.get("phone").<Integer>getAs("year")).isEqualTo(2019);
    assertThat(events.get("phone").<String>getAs("month")).isEqualTo("2019-12");
    assertThat(events.get("phone").<Integer>getAs("hour")).isEqualTo(23);
    assertThat(events.get("app").<Integer>getAs("weekday")).as("2019-03-01 was a Friday").isEqualTo(5);
    assertThat(events.get("web").<Object>getAs("neighbourhood_id")).isNull();

    Map<String, Row> neighbourhoods = new HashMap<>();
    for (Row row : result.neighbourhoods().collectAsList()) {
      neighbourhoods.put(row.getAs("neighbourhood_id"), row);
    }
    assertThat(neighbourhoods).as("the ids the events refer to, nothing invented").containsOnlyKeys("Dorchester", "Roxbury");
    Row dorchester = neighbourhoods.get("Dorchester");
    assertThat(dorchester.<Integer>getAs("wave")).isEqualTo(NeighbourhoodFeatures.NO_SURVEY_WAVE);
    assertThat(dorchester.<Long>getAs("nbh_respondents")).isZero();
    assertThat(dorchester.<Object>getAs("municipality_id")).isNull();
    assertThat(dorchester.<Object>getAs("nbh_population")).isNull();
    assertThat(dorchester.<Object>getAs("nbh_reports_per_1000")).as("no population: unknown, not zero").isNull();
    assertThat(result.municipalities().count()).isZero();
  }

  /** Events without an account: account_id may be null (311 requests have no account). */
  private static StructType nullable(StructType schema) {
    StructType out = new StructType();
    for (var field : schema.fields()) {
      out = out.add(field.name(), field.dataType(), true, field.metadata());
    }
    return out;
  }

  @Test
  void areaTablesAndExtraColumnsBecomePrefixedFeaturesWithCatalogEntries(SparkSession spark) {
    Dataset<Row> neighbourhoods = frame(spark, Contracts.NEIGHBOURHOODS, List.of(
        neighbourhood("N1", "M1", 2000, 0.9), neighbourhood("N2", "M1", 1000, 0.5), neighbourhood("N3", "M2", 500, 0.7)))
        .withColumn("income_score", org.apache.spark.sql.functions.expr(
            "cast(case neighbourhood_id when 'N1' then 0.1 when 'N2' then 0.3 else null end as double)"));
    Dataset<Row> municipalities = frame(spark, Contracts.MUNICIPALITIES,
        List.of(municipality("M1", 3.5, 2.0), municipality("M2", 1.0, 4.0))).withColumn("density", lit(100.0));
    StructType counts = new StructType().add("neighbourhood_id", DataTypes.StringType).add("users", DataTypes.IntegerType);
    Dataset<Row> users = spark.createDataFrame(List.of(RowFactory.create("N1", 40), RowFactory.create("N3", 7)), counts);
    AttachedTable usersTable = new AttachedTable("fms", FeatureLevel.NEIGHBOURHOOD, users, 0.0);
    FeatureInputs inputs = FeatureInputs.available(spark, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(neighbourhoods), Optional.of(municipalities), List.of(usersTable));
    FeatureResult result = FeatureStage.build(spark, inputs, FeatureOptions.defaults());

    Dataset<Row> table = result.neighbourhoods();
    List<String> columns = Arrays.asList(table.columns());
    assertThat(columns).endsWith("nbh_income_score", "nbh_users");
    Map<String, Row> rows = new HashMap<>();
    table.collectAsList().forEach(row -> rows.put(row.getAs("neighbourhood_id"), row));
    assertThat(rows).hasSize(3);
    assertThat(rows.get("N1").<Integer>getAs("nbh_users")).isEqualTo(40);
    assertThat(rows.get("N2").<Integer>getAs("nbh_users")).as("no row in the table: the declared fill").isEqualTo(0);
    assertThat(rows.get("N3").<Object>getAs("nbh_income_score")).isNull();
    assertThat(rows.get("N2").<Double>getAs("nbh_income_score")).isEqualTo(0.3);
    assertThat(Arrays.asList(result.municipalities().columns())).endsWith("mun_density");

    Map<String, Row> catalog = new HashMap<>();
    result.catalog().collectAsList().forEach(row -> catalog.put(row.getAs("name"), row));
    assertThat(catalog.get("nbh_users").<String>getAs("source_columns")).isEqualTo("fms.users");
    assertThat(catalog.get("nbh_users").<String>getAs("category")).isEqualTo(DeclaredFeatures.CATEGORY);
    assertThat(catalog.get("nbh_income_score").<String>getAs("level")).isEqualTo("neighbourhood");
    assertThat(catalog.get("mun_density").<String>getAs("actor")).isEqualTo("government");
  }

  @Test
  void aSurveyWithoutCensusKeepsItsExtraColumnsAndGetsPlaceholderAreas(SparkSession spark) {
    Dataset<Row> survey = frame(spark, Contracts.SURVEY, List.of(
        survey("r1", 9, "NO01", FeatureFixtures.WAVE1, "coprod_ict", 1),
        survey("r2", 9, "NO01", FeatureFixtures.WAVE1),
        survey("r3", 9, "NO02", FeatureFixtures.WAVE1)))
        .withColumn("contplt", org.apache.spark.sql.functions.expr("case respondent_id when 'r1' then 1 else 0 end"));
    FeatureInputs inputs = FeatureInputs.available(spark, Optional.of(survey), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of());
    FeatureResult result = FeatureStage.build(spark, inputs, FeatureOptions.defaults());

    Map<String, Row> citizens = FeatureFixtures.byInterview(result.citizens());
    assertThat(citizens).hasSize(3);
    assertThat(citizens.get("r1/9").<Integer>getAs("contplt")).isEqualTo(1);
    assertThat(citizens.get("r2/9").<Integer>getAs("contplt")).isEqualTo(0);
    assertThat(citizens.get("r1/9").<Object>getAs("municipality_id")).isNull();
    assertThat(citizens.get("r1/9").<Long>getAs("nbh_respondents")).isEqualTo(2);
    assertThat(result.neighbourhoods().count()).isEqualTo(2);
    assertThat(result.events()).isEmpty();
  }
}
