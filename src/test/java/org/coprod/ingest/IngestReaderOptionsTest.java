package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading options real exports need, in one run on small hand-written files: a CRLF file
 * whose last field is numeric and whose first column has no name, a file with a byte-order mark
 * whose first column is the key, quoted numbers with thousands separators, null markers, file
 * columns named in another case, per-year files with different headers and date formats (AM/PM),
 * events without accounts from staff, not-collected contract columns and the user's extra columns.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestReaderOptionsTest {

  private IngestResult result;
  private Map<String, List<String>> rulesByLine;
  private Map<String, List<String>> reasonsByLine;
  private Path dir;

  private static String csvLine(List<String> header, Map<String, String> row) {
    return String.join(",", header.stream().map(h -> row.getOrDefault(h, "")).toList());
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeAll
  void ingest(SparkSession spark, @TempDir Path tempDir) throws IOException {
    dir = tempDir;
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));

    // Municipalities: CRLF line ends, an unnamed index column first, the last field an integer.
    List<String> municipalityHeader = new ArrayList<>(List.of(""));
    municipalityHeader.addAll(Contracts.MUNICIPALITIES.columnNames());
    StringBuilder municipalities = new StringBuilder(String.join(",", municipalityHeader)).append("\r\n");
    for (int i = 1; i <= 2; i++) {
      Map<String, String> row = new HashMap<>(IngestFixtures.validRow(Contracts.MUNICIPALITIES, i));
      row.put("", String.valueOf(i - 1));
      row.put("citizen_training_programme", i == 1 ? "1" : "0");
      municipalities.append(csvLine(municipalityHeader, row)).append("\r\n");
    }
    write(dir.resolve("in/municipalities/part-0.csv"), municipalities.toString());

    // Neighbourhoods: a byte-order mark before the key column, no median_income, quoted grouped numbers, NA.
    List<String> neighbourhoodHeader = Contracts.NEIGHBOURHOODS.columnNames().stream()
        .filter(c -> !c.equals("median_income")).toList();
    StringBuilder neighbourhoods = new StringBuilder("\uFEFF").append(String.join(",", neighbourhoodHeader))
        .append('\n');
    String[] populations = {"\"1,954\"", "12", "\"1,95\"", "NA"};
    for (int i = 1; i <= 4; i++) {
      Map<String, String> row = new HashMap<>(IngestFixtures.validRow(Contracts.NEIGHBOURHOODS, i));
      row.put("population", populations[i - 1]);
      neighbourhoods.append(csvLine(neighbourhoodHeader, row)).append('\n');
    }
    write(dir.resolve("in/neighbourhoods/part-0.csv"), neighbourhoods.toString());
    InputSpec neighbourhoodInput = new InputSpec("neighbourhoods", sources.get("neighbourhoods").toString(),
        InputSpec.Format.CSV, ",").withThousandsSeparator(",").withNullValues(List.of("NA"))
        .withNotCollected(List.of("median_income"));

    // Survey: a header in mixed case, no tech_anxiety, two columns of the user's own.
    List<String> surveyColumns = Contracts.SURVEY.columnNames().stream().filter(c -> !c.equals("tech_anxiety"))
        .toList();
    List<String> surveyHeader = new ArrayList<>(surveyColumns);
    surveyHeader.set(0, "Respondent_ID");
    surveyHeader.add("CONTPLT");
    surveyHeader.add("Domicil");
    StringBuilder survey = new StringBuilder(String.join(",", surveyHeader)).append('\n');
    String[][] extra = {{"1", "yes"}, {"2", "no"}, {"NA", ""}, {"7", "maybe"}, {"1", "1"}};
    for (int i = 1; i <= 5; i++) {
      Map<String, String> row = new HashMap<>(IngestFixtures.validRow(Contracts.SURVEY, i));
      row.put("Respondent_ID", row.get("respondent_id"));
      row.put("CONTPLT", extra[i - 1][0]);
      row.put("Domicil", extra[i - 1][1]);
      if (i == 3) {
        row.put("income_band", "NA");
      }
      if (i == 5) {
        row.put("age", "15");
      }
      survey.append(csvLine(surveyHeader, row)).append('\n');
    }
    write(dir.resolve("in/survey/part-0.csv"), survey.toString());
    InputSpec surveyInput = new InputSpec("survey", sources.get("survey").toString(), InputSpec.Format.CSV, ",")
        .withNullValues(List.of("NA"))
        .withNotCollected(List.of("tech_anxiety"))
        .withColumns(Map.of("CONTPLT", "contacted", "domicil", "urban_home"))
        .withValues(Map.of("contacted", Map.of("1", "1", "2", "0")))
        .withExtraColumns(List.of(
            new ColumnSpec("contacted", DataTypes.IntegerType, "0/1", List.of(), 0.0, 1.0, true, null,
                "Contacted a politician or official"),
            new ColumnSpec("urban_home", DataTypes.BooleanType, "-", List.of(), null, null, true, null,
                "Lives in a city")));

    // Usage: per-year files with different headers, orders, line ends and timestamp formats; no accounts.
    write(dir.resolve("in/usage/2017.csv"), """
        SRNumber,CreatedDate,RequestSource,Service,NC
        1-1001,12/27/2017 01:36:00 PM,Mobile App,bulky_items,N1
        1-1002,12/31/2017 11:59:00 PM,Driver Self Report,graffiti,N1
        1-1003,13/45/2017 01:00:00 PM,Call,graffiti,N1
        """);
    write(dir.resolve("in/usage/2020.csv"), "nc,requestsource,createddate,srnumber,service\r\n"
        + "N1,Call,1/1/20 0:02,1-2001,bulky_items\r\n"
        + "N2,Mobile App,1/3/20 14:22,1-2002,graffiti\r\n");
    Files.delete(dir.resolve("in/usage/part-0.csv"));
    InputSpec usageInput = new InputSpec("usage", sources.get("usage").toString(), InputSpec.Format.CSV, ",")
        .withColumns(Map.of("SRNumber", "event_id", "CreatedDate", "ts", "RequestSource", "channel",
            "NC", "neighbourhood_id"))
        .withValues(Map.of("channel", Map.of("Mobile App", "app", "Call", "phone", "Driver Self Report", "staff")))
        .withConstants(Map.of("action", "report"))
        .withFormatLists(Map.of("ts", List.of("MM/dd/yyyy hh:mm:ss a", "M/d/yy H:mm")));
    // Links of the fixtures reference R1 and R2, which the survey keeps.

    result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of("neighbourhoods", neighbourhoodInput,
        "survey", surveyInput, "usage", usageInput)), dir.resolve("clean").toString(), name -> null,
        UnaryOperator.identity());
    rulesByLine = new HashMap<>();
    reasonsByLine = new HashMap<>();
    for (Row row : result.quarantine().collectAsList()) {
      String file = row.getString(row.fieldIndex("file"));
      String key = row.getString(0) + ":" + file.substring(file.lastIndexOf('/') + 1) + ":" + row.get(2);
      rulesByLine.put(key, row.getList(row.fieldIndex("rule_ids")));
      reasonsByLine.put(key, row.getList(row.fieldIndex("reasons")));
    }
  }

  private Dataset<Row> clean(SparkSession spark, String source) {
    return spark.read().parquet(result.source(source).cleanPath());
  }

  @Test
  void crlfFileWithNumericLastFieldAndUnnamedColumn(SparkSession spark) {
    assertThat(result.source("municipalities").counts().accepted()).isEqualTo(2);
    assertThat(clean(spark, "municipalities").filter("citizen_training_programme = 1").count()).isEqualTo(1);
    assertThat(clean(spark, "municipalities").columns()).doesNotContain("");
  }

  @Test
  void bomBeforeTheKeyThousandsSeparatorsAndNullValues(SparkSession spark) {
    SourceCounts counts = result.source("neighbourhoods").counts();
    assertThat(counts.read()).isEqualTo(4);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(rulesByLine).containsEntry("neighbourhoods:part-0.csv:4", List.of("PARSE_TYPE"))
        .containsEntry("neighbourhoods:part-0.csv:5", List.of("REQUIRED_MISSING"));
    assertThat(reasonsByLine.get("neighbourhoods:part-0.csv:4"))
        .containsExactly("population: '1,95' is not an integer (digits may be grouped in threes by ',')");
    List<Row> rows = clean(spark, "neighbourhoods").orderBy("neighbourhood_id")
        .select("neighbourhood_id", "population", "median_income").collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("N1", "N2");
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(1954, 12);
    assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(2)).isTrue());
    StructField income = clean(spark, "neighbourhoods").schema().apply("median_income");
    assertThat(income.dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(income.nullable()).isTrue();
  }

  @Test
  void extraColumnsNotCollectedColumnsAndHeadersInAnyCase(SparkSession spark) {
    assertThat(result.source("survey").counts().accepted()).isEqualTo(4);
    assertThat(rulesByLine).containsEntry("survey:part-0.csv:5", List.of("PARSE_TYPE", "OUT_OF_RANGE"));
    assertThat(reasonsByLine.get("survey:part-0.csv:5")).containsExactly(
        "urban_home: 'maybe' is not a boolean (true/false, yes/no, 1/0)", "contacted: 7 is outside [0, 1]");
    Dataset<Row> survey = clean(spark, "survey");
    List<String> columns = List.of(survey.columns());
    assertThat(columns.subList(columns.size() - 2, columns.size())).containsExactly("contacted", "urban_home");
    assertThat(survey.schema().apply("contacted").metadata().getString("unit")).isEqualTo("0/1");
    assertThat(survey.schema().apply("contacted").metadata().getString("description"))
        .isEqualTo("Contacted a politician or official");
    assertThat(survey.schema().apply("urban_home").dataType()).isEqualTo(DataTypes.BooleanType);
    assertThat(survey.schema().apply("tech_anxiety").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(survey.filter("tech_anxiety is not null").count()).isZero();
    List<Row> rows = survey.orderBy("interview_date").select("contacted", "urban_home", "income_band", "age")
        .collectAsList();
    assertThat(rows).extracting(r -> r.get(0)).containsExactly(1, 0, null, 1);
    assertThat(rows).extracting(r -> r.get(1)).containsExactly(true, false, null, true);
    assertThat(rows.get(2).isNullAt(2)).as("NA income band").isTrue();
    assertThat(rows.get(3).getInt(3)).as("age 15 is allowed").isEqualTo(15);
    assertThat(result.source("links").counts().accepted()).isEqualTo(2);
  }

  @Test
  void perYearFilesWithDifferentHeadersFormatsAndNoAccounts(SparkSession spark) {
    SourceCounts counts = result.source("usage").counts();
    assertThat(counts.read()).isEqualTo(5);
    assertThat(counts.accepted()).isEqualTo(4);
    assertThat(reasonsByLine.get("usage:2017.csv:4")).containsExactly(
        "ts: '13/45/2017 01:00:00 PM' is not a timestamp (MM/dd/yyyy hh:mm:ss a or M/d/yy H:mm)");
    List<Row> rows = clean(spark, "usage").orderBy("ts").select("event_id", "ts", "channel", "account_id")
        .collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("1-1001", "1-1002", "1-2001", "1-2002");
    assertThat(rows).extracting(r -> r.getTimestamp(1)).containsExactly(
        Timestamp.from(Instant.parse("2017-12-27T13:36:00Z")), Timestamp.from(Instant.parse("2017-12-31T23:59:00Z")),
        Timestamp.from(Instant.parse("2020-01-01T00:02:00Z")), Timestamp.from(Instant.parse("2020-01-03T14:22:00Z")));
    assertThat(rows).extracting(r -> r.getString(2)).containsExactly("app", "staff", "phone", "app");
    assertThat(rows).allSatisfy(r -> assertThat(r.isNullAt(3)).as("events without accounts").isTrue());
  }

  @Test
  void qualityReconcilesForEverySource() {
    for (SourceResult source : result.sources().values()) {
      SourceCounts c = source.counts();
      assertThat(c.read()).as(source.source()).isEqualTo(c.accepted() + c.quarantined() + c.duplicatesDropped());
    }
    assertThat(result.tables()).isEmpty();
  }

  @Test
  void twoFileColumnsEqualIgnoringCaseAreAFileError(SparkSession spark, @TempDir Path other) throws IOException {
    Map<String, Path> sources = IngestFixtures.writeValidSources(other.resolve("in"), 1);
    write(other.resolve("bad/usage.csv"), "SRNumber,CreatedDate,createddate,RequestSource,Service,Action\n");
    InputSpec usage = new InputSpec("usage", other.resolve("bad/usage.csv").toString(), InputSpec.Format.CSV, ",")
        .withColumns(Map.of("SRNumber", "event_id", "CreatedDate", "ts", "RequestSource", "channel"));
    Throwable thrown = catchThrowable(() -> IngestStage.run(spark, IngestFixtures.spec(sources, Map.of("usage", usage)),
        other.resolve("clean").toString(), name -> null, UnaryOperator.identity()));
    assertThat(thrown).isInstanceOf(IngestFileException.class).hasMessage("usage: file:" + other.resolve("bad/usage.csv")
        + ": columns CreatedDate and createddate both give ts (file columns are matched ignoring case)");
  }

  @Test
  void missingRequiredColumnsNameTheirMappingAndHintAtNotCollected(SparkSession spark, @TempDir Path other)
      throws IOException {
    Map<String, Path> sources = IngestFixtures.writeValidSources(other.resolve("in"), 1);
    write(other.resolve("bad/usage.csv"), "SRNumber,When,RequestSource\n");
    InputSpec usage = new InputSpec("usage", other.resolve("bad/usage.csv").toString(), InputSpec.Format.CSV, ",")
        .withColumns(Map.of("SRNumber", "event_id", "CreatedDate", "ts", "RequestSource", "channel"))
        .withNotCollected(List.of("service"));
    Throwable thrown = catchThrowable(() -> IngestStage.run(spark, IngestFixtures.spec(sources, Map.of("usage", usage)),
        other.resolve("clean").toString(), name -> null, UnaryOperator.identity()));
    assertThat(thrown).isInstanceOf(IngestFileException.class).hasMessage("usage: file:" + other.resolve("bad/usage.csv")
        + ": missing required columns ts (from CreatedDate), action (file columns: SRNumber, When, RequestSource; "
        + "map them with inputs.usage.columns, declare inputs.usage.constants, or list the columns the source does "
        + "not have in inputs.usage.not_collected)");
  }
}
