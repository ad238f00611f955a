package org.coprod.features;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.SourceContract;

/**
 * Small hand-made inputs in the contract schemas, written so that every expected value in
 * the tests can be worked out by hand (see the comments at each row).
 */
final class FeatureFixtures {

  static final LocalDate WAVE1 = LocalDate.parse("2024-06-15");
  static final LocalDate WAVE2 = LocalDate.parse("2025-06-15");

  private FeatureFixtures() {}

  /** A survey row: defaults for every column, overridden by {@code values}. */
  static Row survey(String id, int wave, String neighbourhood, LocalDate interview, Object... values) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("respondent_id", id);
    row.put("wave", wave);
    row.put("neighbourhood_id", neighbourhood);
    row.put("interview_date", Date.valueOf(interview));
    row.put("weight", 1.0);
    row.put("age", 50);
    row.put("gender", "male");
    row.put("education", "low");
    row.put("income_band", "q3");
    row.put("employment", "employed");
    row.put("migrant_background", 0);
    row.put("home_language", "majority");
    row.put("trust_local", 5);
    row.put("trust_national", 5);
    row.put("tech_anxiety", 3);
    row.put("digital_skills", 3);
    row.put("fear_f2f_loss", 3);
    row.put("digital_training", 0);
    row.put("device_access", 1);
    row.put("internet_use", "daily");
    row.put("knows_coproducers", 0);
    row.put("coprod_ict", 0);
    row.put("coprod_traditional", 0);
    for (int i = 0; i < values.length; i += 2) {
      if (!row.containsKey((String) values[i])) {
        throw new IllegalArgumentException("no survey column " + values[i]);
      }
      row.put((String) values[i], values[i + 1]);
    }
    return RowFactory.create(row.values().toArray());
  }

  static Row event(String id, String account, String ts, String channel, String service, String action, String neighbourhood) {
    return RowFactory.create(id, account, Timestamp.from(Instant.parse(ts)), channel, service, action, neighbourhood);
  }

  static Row link(String respondent, String account) {
    return RowFactory.create(respondent, account);
  }

  static Row neighbourhood(String id, String municipality, int population, double broadband) {
    return RowFactory.create(id, municipality, population, 1.5, 30.0, 0.2, 0.15, 0.1, 0.3, broadband, 1);
  }

  static Row municipality(String id, double budget, double resistance) {
    return RowFactory.create(id, budget, 0.4, 3, 1, 0, resistance, 1, 0);
  }

  static Dataset<Row> frame(SparkSession spark, SourceContract contract, List<Row> rows) {
    return spark.createDataFrame(new ArrayList<>(rows), contract.schema());
  }

  /**
   * The standard fixture. Wave 1 (interviews 2024-06-15): r1, r2, r3 in N1; r4 alone in N2;
   * nobody in N3. Wave 2 (2025-06-15): r1 again, alone in N1. r1 links to account a1, r2 to
   * a2 (no event in its window), r3 and r4 are unlinked; a3 is an unlinked account active in N1.
   */
  static FeatureInputs standard(SparkSession spark) {
    List<Row> survey = List.of(
        survey("r1", 1, "N1", WAVE1, "age", 70, "trust_local", 8, "gender", "female", "coprod_ict", 1),
        survey("r2", 1, "N1", WAVE1, "age", 40, "trust_local", 4),
        survey("r3", 1, "N1", WAVE1, "age", 66, "trust_local", 6, "gender", "female", "income_band", null),
        survey("r4", 1, "N2", WAVE1, "age", 30, "trust_local", 5),
        survey("r1", 2, "N1", WAVE2, "age", 71, "trust_local", 9, "gender", "female"));
    List<Row> usage = List.of(
        // r1, wave 1 (interview day 2024-06-15; window 2023-06-16 .. 2024-06-14)
        event("e1", "a1", "2024-06-15T00:00:00Z", "counter", "parking", "consult", "N1"),   // interview day: out (wave 1), day -365 of wave 2: in
        event("e2", "a1", "2024-06-14T23:59:59Z", "app", "waste", "report", "N1"),          // day -1: in
        event("e3", "a1", "2023-06-16T00:00:00Z", "phone", "lighting", "comment", "N1"),    // day -365: in
        event("e4", "a1", "2023-06-15T23:59:59Z", "web", "roads", "report", "N1"),          // day -366: out
        event("e5", "a1", "2024-06-20T10:00:00Z", "social", "waste", "follow", null),       // after the interview: out (wave 1), in (wave 2)
        event("e6", "a1", "2024-06-14T08:00:00Z", "web", "waste", "vote", "N1"),            // day -1 again: in, same active day as e2
        event("e7", "a2", "2022-01-01T12:00:00Z", "app", "waste", "report", "N2"),          // long before: out
        event("e8", "a3", "2024-01-01T12:00:00Z", "web", "waste", "report", "N1"));         // unlinked account, counts for penetration
    List<Row> links = List.of(link("r1", "a1"), link("r2", "a2"));
    List<Row> neighbourhoods = List.of(
        neighbourhood("N1", "M1", 2000, 0.9), neighbourhood("N2", "M1", 1000, 0.5), neighbourhood("N3", "M2", 500, 0.7));
    List<Row> municipalities = List.of(municipality("M1", 3.5, 2.0), municipality("M2", 1.0, 4.0));
    return FeatureInputs.of(
        frame(spark, org.coprod.ingest.contract.Contracts.SURVEY, survey),
        frame(spark, org.coprod.ingest.contract.Contracts.USAGE, usage),
        frame(spark, org.coprod.ingest.contract.Contracts.LINKS, links),
        frame(spark, org.coprod.ingest.contract.Contracts.NEIGHBOURHOODS, neighbourhoods),
        frame(spark, org.coprod.ingest.contract.Contracts.MUNICIPALITIES, municipalities));
  }

  /** Citizens rows keyed "respondent/wave". */
  static Map<String, Row> byInterview(Dataset<Row> citizens) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Row row : citizens.collectAsList()) {
      rows.put(row.getAs("respondent_id") + "/" + row.getAs("wave"), row);
    }
    return rows;
  }
}
