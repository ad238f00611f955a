package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One hand-written bad line per rule, all ingested in one run; each line's rule ids are checked. */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestRulesTest {

  private Path dir;
  private IngestResult result;
  private Map<String, List<String>> rulesByLine;
  private List<Row> quarantine;

  private static List<String> surveyHeader() {
    List<String> header = new ArrayList<>(Contracts.SURVEY.columnNames());
    header.addAll(List.of("full_name", "email", "date_of_birth"));
    return header;
  }

  private static String line(List<String> header, Map<String, String> row) {
    return String.join(",", header.stream().map(h -> row.getOrDefault(h, "")).toList());
  }

  private static Map<String, String> survey(int i, String... changes) {
    Map<String, String> row = IngestFixtures.validRow(Contracts.SURVEY, i);
    for (int k = 0; k < changes.length; k += 2) {
      row.put(changes[k], changes[k + 1]);
    }
    return row;
  }

  @BeforeAll
  void ingest(SparkSession spark, @TempDir Path tempDir) throws IOException {
    dir = tempDir;
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));
    List<String> h = surveyHeader();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> lines = List.of(
        String.join(",", h),
        line(h, survey(1, "full_name", "María García", "email", "m.garcia@example.org")), // 2 accepted
        line(h, survey(2)), // 3 accepted
        line(h, survey(3, "age", "twelve")), // 4
        line(h, survey(4, "trust_local", "12")), // 5
        line(h, survey(5, "gender", "x")), // 6
        line(h, survey(6, "respondent_id", "")), // 7
        line(h, survey(7, "neighbourhood_id", "N99")), // 8
        line(h, survey(8, "age", "twelve", "gender", "x", "trust_local", "12")), // 9
        line(h, survey(2)), // 10 exact duplicate of 3
        line(h, survey(9, "gender", "female")), // 11
        line(h, survey(9, "gender", "male")), // 12 conflicts with 11
        "R10,1,N1", // 13 truncated
        line(h, survey(11, "interview_date", "2024-01-01")), // 14
        line(h, survey(12, "age", "", "date_of_birth", "1980-03-10")), // 15 age derived: 44
        line(h, survey(14, "weight", "n.a.")), // 16
        line(h, survey(15, "interview_date", "31/02/2025"))); // 17
    for (String text : lines) {
      bytes.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
    bytes.write((line(h, survey(13, "employment", "jubilación")) + "\n").getBytes(StandardCharsets.ISO_8859_1)); // 18
    Path surveyFile = dir.resolve("in/survey/part-0.csv");
    Files.write(surveyFile, bytes.toByteArray());

    Map<String, String> l1 = Map.of("respondent_id", "R1", "account_id", "A1");
    Map<String, String> l2 = Map.of("respondent_id", "R2", "account_id", "A1");
    Map<String, String> l3 = Map.of("respondent_id", "R99", "account_id", "A5");
    IngestFixtures.writeCsv(dir.resolve("in/links/part-0.csv"), List.of("respondent_id", "account_id"),
        List.of(l1, l2, l3));

    List<String> usageHeader = new ArrayList<>(Contracts.USAGE.columnNames());
    usageHeader.set(0, "EventID");
    List<Map<String, String>> usage = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      Map<String, String> row = new HashMap<>(IngestFixtures.validRow(Contracts.USAGE, i));
      row.put("EventID", row.remove("event_id"));
      usage.add(row);
    }
    // The usage file writes times as dd/MM/yyyy HH:mm, declared in the input's formats.
    for (Map<String, String> row : usage) {
      String iso = row.get("ts");
      row.put("ts", iso.substring(8, 10) + "/" + iso.substring(5, 7) + "/" + iso.substring(0, 4) + " "
          + iso.substring(11, 16));
    }
    usage.get(1).put("ts", "yesterday"); // 3
    usage.get(2).put("channel", "Self Service"); // 4 mapped to web: accepted
    usage.get(3).put("ts", "31/12/2024 23:59"); // 5 outside the window
    usage.get(4).put("neighbourhood_id", ""); // 6 nullable: accepted
    usage.get(5).put("neighbourhood_id", "N99"); // 7 orphan
    List<String> usageLines = new ArrayList<>();
    usageLines.add(String.join(";", usageHeader));
    for (Map<String, String> row : usage) {
      usageLines.add(String.join(";", usageHeader.stream().map(c -> row.getOrDefault(c, "")).toList()));
    }
    IngestFixtures.writeLines(dir.resolve("in/usage/part-0.csv"), usageLines);

    InputSpec.StudyWindow window = new InputSpec.StudyWindow(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));
    InputSpec usageInput = new InputSpec("usage", sources.get("usage").toString(), InputSpec.Format.CSV, ";")
        .withColumns(Map.of("EventID", "event_id"))
        .withValues(Map.of("channel", Map.of("Self Service", "web")))
        .withFormats(Map.of("ts", "dd/MM/yyyy HH:mm"))
        .withStudyWindow(window);
    // Neighbourhoods without an urban column: declared as a constant.
    List<String> neighbourhoodHeader = Contracts.NEIGHBOURHOODS.columnNames().stream()
        .filter(c -> !c.equals("urban")).toList();
    IngestFixtures.writeCsv(dir.resolve("in/neighbourhoods/part-0.csv"), neighbourhoodHeader,
        List.of(IngestFixtures.validRow(Contracts.NEIGHBOURHOODS, 1), IngestFixtures.validRow(Contracts.NEIGHBOURHOODS, 2)));
    InputSpec neighbourhoodInput = new InputSpec("neighbourhoods", sources.get("neighbourhoods").toString(),
        InputSpec.Format.CSV, ",").withConstants(Map.of("urban", "1"));
    InputSpec surveyInput = new InputSpec("survey", sources.get("survey").toString(), InputSpec.Format.CSV, ",")
        .withStudyWindow(window);
    result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of("usage", usageInput, "survey", surveyInput,
        "neighbourhoods", neighbourhoodInput)),
        dir.resolve("clean").toString(), name -> null, UnaryOperator.identity());
    quarantine = result.quarantine().collectAsList();
    rulesByLine = new HashMap<>();
    for (Row row : quarantine) {
      rulesByLine.put(row.getString(0) + ":" + row.get(2), row.getList(row.fieldIndex("rule_ids")));
    }
  }

  @Test
  void everyBadSurveyLineListsEveryFailedRule() {
    assertThat(rulesByLine).containsEntry("survey:4", List.of("PARSE_TYPE"))
        .containsEntry("survey:5", List.of("OUT_OF_RANGE"))
        .containsEntry("survey:6", List.of("NOT_ALLOWED_VALUE"))
        .containsEntry("survey:7", List.of("REQUIRED_MISSING"))
        .containsEntry("survey:8", List.of("ORPHAN_REFERENCE"))
        .containsEntry("survey:9", List.of("PARSE_TYPE", "OUT_OF_RANGE", "NOT_ALLOWED_VALUE"))
        .containsEntry("survey:11", List.of("DUPLICATE_CONFLICT"))
        .containsEntry("survey:12", List.of("DUPLICATE_CONFLICT"))
        .containsEntry("survey:13", List.of("MALFORMED_RECORD"))
        .containsEntry("survey:14", List.of("OUTSIDE_STUDY_WINDOW"))
        .containsEntry("survey:16", List.of("PARSE_TYPE"))
        .containsEntry("survey:17", List.of("PARSE_TYPE"))
        .containsEntry("survey:18", List.of("BAD_ENCODING", "NOT_ALLOWED_VALUE"));
    SourceCounts counts = result.source("survey").counts();
    assertThat(counts.read()).isEqualTo(17);
    assertThat(counts.duplicatesDropped()).isEqualTo(1);
    assertThat(counts.accepted()).isEqualTo(3);
    assertThat(counts.quarantined()).isEqualTo(13);
    assertThat(counts.personalRemoved()).isEqualTo(2);
    assertThat(counts.failing(Rule.PARSE_TYPE)).isEqualTo(4);
  }

  @Test
  void reasonsNameTheColumnAndTheValue() {
    Row row = quarantine.stream().filter(r -> r.getString(0).equals("survey") && r.getLong(2) == 9).findFirst()
        .orElseThrow();
    assertThat(row.<String>getList(row.fieldIndex("reasons"))).containsExactly(
        "age: 'twelve' is not an integer", "trust_local: 12 is outside [0, 10]", "gender: 'x' is not one of female, male");
  }

  @Test
  void ageIsDerivedFromDateOfBirthAndPersonalColumnsAreGone(SparkSession spark) {
    var survey = spark.read().parquet(result.source("survey").cleanPath());
    assertThat(survey.columns()).doesNotContain("full_name", "email", "date_of_birth");
    assertThat(survey.filter("age = 44").count()).isEqualTo(1);
  }

  @Test
  void linksAndUsageRules() {
    assertThat(rulesByLine).containsEntry("links:2", List.of("LINK_NOT_ONE_TO_ONE"))
        .containsEntry("links:3", List.of("LINK_NOT_ONE_TO_ONE"))
        .containsEntry("links:4", List.of("ORPHAN_REFERENCE"))
        .containsEntry("usage:3", List.of("PARSE_TYPE"))
        .containsEntry("usage:5", List.of("OUTSIDE_STUDY_WINDOW"))
        .containsEntry("usage:7", List.of("ORPHAN_REFERENCE"));
    assertThat(result.source("usage").counts().accepted()).isEqualTo(3);
  }

  @Test
  void declaredFormatsAndConstantsAreApplied(SparkSession spark) {
    assertThat(spark.read().parquet(result.source("usage").cleanPath()).filter("event_id is not null")
        .selectExpr("min(ts) = timestamp'2025-03-02 10:00:00Z'").first().getBoolean(0)).isTrue();
    assertThat(spark.read().parquet(result.source("neighbourhoods").cleanPath()).filter("urban = 1").count())
        .isEqualTo(2);
  }

  @Test
  void qualityHasEveryRuleAndTotalsThatAddUp() {
    List<Row> quality = result.quality().filter("source = 'survey'").collectAsList();
    assertThat(quality).hasSize(Rule.values().length + 1);
    Row total = quality.stream().filter(r -> r.getString(1).equals("TOTAL")).findFirst().orElseThrow();
    assertThat(total.getLong(2)).isEqualTo(total.getLong(3) + total.getLong(4) + total.getLong(5));
    Row duplicates = quality.stream().filter(r -> r.getString(1).equals("EXACT_DUPLICATE")).findFirst().orElseThrow();
    assertThat(duplicates.getLong(5)).isEqualTo(1);
  }

  @Test
  void rawRecordsCarryNoPersonalDataOrRawIdentifiers() {
    for (Row row : quarantine) {
      String raw = row.getString(row.fieldIndex("raw_record"));
      assertThat(raw).doesNotContain("García", "example.org", "1980-03-10", ",R", "\"R");
      assertThat(row.getString(1)).endsWith(".csv");
    }
  }

  @Test
  void isoTimestampsCastAsThePatternParsesThem(SparkSession spark) {
    // Every combination of edge years, months, days and times in the contract's ISO shape, and
    // a few other shapes, parsed in a session time zone other than UTC: the cast path and the
    // pattern's formatter agree on each (an instant, or none).
    List<String> texts = new ArrayList<>(List.of("2024-01-09 07:53:19Z", "2024-01-09T07:53:19+01:00",
        "2024-1-09T07:53:19Z", "+2024-01-09T07:53:19Z", " 2024-01-09T07:53:19Z", "2024-01-09T07:53:19.5Z", "2024-01-09"));
    for (String year : List.of("0000", "0001", "1582", "1900", "1969", "1970", "2024", "2100", "9999")) {
      for (String month : List.of("00", "01", "02", "04", "12", "13")) {
        for (String day : List.of("00", "01", "28", "29", "30", "31", "32")) {
          for (String time : List.of("00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "07:53:19")) {
            texts.add(year + "-" + month + "-" + day + "T" + time + "Z");
          }
        }
      }
    }
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    try {
      var frame = spark.createDataset(texts, org.apache.spark.sql.Encoders.STRING()).toDF("t");
      var text = frame.col("t");
      var formatted = org.apache.spark.sql.functions.try_to_timestamp(text,
          org.apache.spark.sql.functions.lit(RowRules.zoneAware(org.coprod.ingest.contract.ColumnSpec.TIMESTAMP_FORMAT)));
      var parsed = RowRules.timestamp(text, org.coprod.ingest.contract.ColumnSpec.TIMESTAMP_FORMAT);
      assertThat(frame.filter(formatted.isNotNull()).count()).as("instants among the texts").isGreaterThan(400);
      assertThat(frame.filter(formatted.eqNullSafe(parsed).unary_$bang()).collectAsList()).isEmpty();
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }
}
