package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetCellRules} against the way it stands in for, the record of the row's cell texts
 * judged by {@link ReaderRowRules#typed}: on usage rows that vary one cell of a valid row over
 * edge cells (spaces at the ends, empty and missing cells, non-ASCII bytes, categories out of
 * their list or case, references not known, instants before 1900, outside the study window, with
 * fractions of a second, and repeated keys), written with and without Parquet dictionaries and
 * repeated over several batches; and on the generator's dirty survey. Every row gets the same
 * clean row, or none, and the same personal-data flag, both ways.
 */
@SparkTest
class ParquetCellRulesTest {

  private static final SourceContract USAGE = Contracts.USAGE;
  private static final InputSpec.StudyWindow WINDOW = new InputSpec.StudyWindow(LocalDate.of(2020, 1, 1),
      LocalDate.of(2026, 12, 31));
  private static final List<String> IDS = List.of(" e", "e ", "", "  ", "\u00e9", "e\tx", "null", "dup");
  private static final List<String> ACCOUNTS = List.of("a1", " a2", "", "zz", "\u00e41");
  private static final List<Instant> INSTANTS = List.of(Instant.parse("2025-03-01T10:00:00.5Z"),
      Instant.parse("1899-12-31T23:59:59Z"), Instant.parse("1900-01-01T00:00:00Z"),
      Instant.parse("2019-12-31T23:59:59.999Z"), Instant.parse("2020-01-01T00:00:00Z"),
      Instant.parse("2026-12-31T23:59:59.9Z"), Instant.parse("2027-01-01T00:00:00Z"),
      Instant.parse("1500-06-01T00:00:00Z"));
  private static final List<String> CHANNELS = List.of("web", "App", " app", "fax", "");
  private static final List<String> SERVICES = List.of(" waste ", "", "street_lighting", "\u00fcber");
  private static final List<String> ACTIONS = List.of("vote", "REPORT", "", "x");
  private static final List<String> NEIGHBOURHOODS = List.of("N2", "N9", " N1", "");

  @Test
  void judgesEveryRowAsItsRecordIsJudged(SparkSession spark, @TempDir Path dir) throws java.io.IOException {
    List<Row> rows = rows();
    StructType schema = new StructType().add("event_id", DataTypes.StringType).add("account_id", DataTypes.StringType)
        .add("ts", DataTypes.TimestampType).add("channel", DataTypes.StringType).add("service", DataTypes.StringType)
        .add("action", DataTypes.StringType).add("neighbourhood_id", DataTypes.StringType);
    Pseudonymiser pseudonymiser = new Pseudonymiser("k".getBytes(StandardCharsets.UTF_8));
    RecordParser parser = new RecordParser(USAGE, ',', pseudonymiser, List.of()).withoutProvenanceText();
    Map<String, KnownTexts> known = Map.of(
        "account_id", KnownTexts.of(List.of(pseudonymiser.pseudonym("a1"), pseudonymiser.pseudonym("a2"))),
        "neighbourhood_id", KnownTexts.of(List.of("N1", "N2")));
    // One row group, with and without dictionaries; and row groups of about a hundred rows, whose
    // dictionaries give the same ids to other values (a value's id is its order of first use).
    for (Layout layout : List.of(new Layout("dictionary", true, 128 << 20), new Layout("no dictionary", false, 128 << 20),
        new Layout("small row groups", true, 4096))) {
      String folder = dir.resolve("usage-" + layout.name().replace(' ', '-')).toString();
      spark.createDataFrame(rows, schema).coalesce(1).write().option("parquet.enable.dictionary", layout.dictionary())
          .option("parquet.block.size", layout.rowGroupBytes()).parquet(folder);
      if (layout.rowGroupBytes() < 1 << 20) {
        assertThat(ScanRowsTest.rowGroups(folder)).as("row groups").isGreaterThan(50);
      }
      InputSpec input = new InputSpec("usage", folder, InputSpec.Format.PARQUET, ",").withStudyWindow(WINDOW);
      InputFiles.Checked files = InputFiles.check(spark, input.contract(USAGE), input);
      ReaderRowRules rules = ReaderRowRules.withKnown(USAGE, input, known).orElseThrow();
      String[] texts = new String[USAGE.columnNames().size()];
      texts[0] = "dup";
      ColumnPlan plan = files.plans().values().iterator().next().plan();
      RowSet candidates = RowSet.of(new long[] {parser.keyHash(plan, texts)});
      long accepted = judgedAlike(spark, files, rules, parser, candidates, layout.name());
      // Each varied cell of the valid rows leaves some accepted and some not: neither way passes by refusing all.
      assertThat(accepted).as(layout.name()).isBetween(rows.size() / 4L, rows.size() * 3L / 4);
    }
  }

  private record Layout(String name, boolean dictionary, int rowGroupBytes) {}

  /**
   * The generator's dirty survey as Parquet (integers, dates and doubles as such, personal
   * columns, dates of birth without an age), with some neighbourhoods unknown and some keys
   * candidates: a key of two cells, the age left to the date of birth, the personal-data flag.
   */
  @Test
  void judgesTheGeneratedSurveyAsItsRecordsAreJudged(SparkSession spark, @TempDir Path dir) {
    Path root = dir.resolve("generated");
    Generator.generate(spark, GeneratorConfig.of(400, 5, OutputFormat.PARQUET, root.toString()).withDirtyRate(0.1));
    SourceContract survey = Contracts.SURVEY;
    // Some ages missing, some dates of birth given (the generator gives a date of birth with the
    // age): a row with both is left to the second pass, which derives the age.
    String surveyFolder = dir.resolve("survey").toString();
    Column hash = hash(col("respondent_id"));
    spark.read().parquet(root.resolve("survey").toString())
        .withColumn("age", when(pmod(hash, lit(5)).equalTo(0), null).otherwise(col("age")))
        .withColumn("date_of_birth", when(pmod(hash, lit(3)).equalTo(0), lit(LocalDate.of(1980, 5, 6)))
            .otherwise(col("date_of_birth")))
        .write().parquet(surveyFolder);
    InputSpec input = new InputSpec("survey", surveyFolder, InputSpec.Format.PARQUET, ",");
    InputFiles.Checked files = InputFiles.check(spark, input.contract(survey), input);
    ColumnPlan plan = files.plans().values().iterator().next().plan();
    RecordParser parser = new RecordParser(survey, ',', new Pseudonymiser("k".getBytes(StandardCharsets.UTF_8)),
        List.of()).withoutProvenanceText();
    List<String> neighbourhoods = spark.read().parquet(root.resolve("neighbourhoods").toString())
        .select("neighbourhood_id").as(Encoders.STRING()).collectAsList();
    Map<String, KnownTexts> known = Map.of("neighbourhood_id",
        KnownTexts.of(neighbourhoods.subList(0, neighbourhoods.size() * 9 / 10)));
    ReaderRowRules rules = ReaderRowRules.withKnown(survey, input, known).orElseThrow();
    List<Long> keys = new ArrayList<>();
    int respondent = plan.sourceIndex[survey.columnNames().indexOf("respondent_id")];
    int wave = plan.sourceIndex[survey.columnNames().indexOf("wave")];
    for (Row row : spark.read().parquet(surveyFolder).select("respondent_id", "wave").collectAsList()) {
      String[] texts = new String[plan.fileColumns.length];
      texts[respondent] = row.isNullAt(0) ? null : row.getString(0);
      texts[wave] = row.isNullAt(1) ? null : Integer.toString(row.getInt(1));
      if (Math.floorMod(String.valueOf(texts[respondent]).hashCode(), 4) == 0) {
        keys.add(parser.keyHash(plan, texts)); // about a quarter of the keys are candidates
      }
    }
    RowSet candidates = RowSet.of(keys.stream().mapToLong(Long::longValue).toArray());
    long rows = spark.read().parquet(surveyFolder).count();
    long accepted = judgedAlike(spark, files, rules, parser, candidates, "survey");
    assertThat(accepted).isBetween(rows / 3, rows - 1);
  }

  /** Judges every row of {@code files} both ways; asserts they agree; returns how many were accepted. */
  private static long judgedAlike(SparkSession spark, InputFiles.Checked files, ReaderRowRules rules,
      RecordParser parser, RowSet candidates, String what) {
    List<String> judged = ParquetRecords.handled(spark, files.files(), files.bytes(), new HashMap<>(files.plans()),
        null, new BothWays(rules, parser, candidates)).collect();
    long accepted = 0;
    for (String both : judged) {
      String[] parts = both.split(" \\| ", -1);
      assertThat(parts[1]).as("%s, cells %s", what, parts[2]).isEqualTo(parts[0]);
      accepted += parts[0].startsWith("none") ? 0 : 1;
    }
    return accepted;
  }

  /** Valid rows, each with one cell varied over its edge cells, three times over (more than a batch of rows). */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int copy = 0; copy < 3; copy++) {
      for (int n = 0; n < 200; n++) {
        Object[] valid = {"e" + copy + "-" + n, "a" + (1 + n % 2), Timestamp.from(Instant.parse("2024-05-06T07:08:09Z")
            .plusSeconds(3_600L * n)), n % 3 == 0 ? "app" : "web", "waste", "report", "N" + (1 + n % 2)};
        rows.add(RowFactory.create(valid.clone()));
        List<?>[] edges = {IDS, ACCOUNTS, INSTANTS, CHANNELS, SERVICES, ACTIONS, NEIGHBOURHOODS};
        for (int c = 0; c < edges.length; c++) {
          for (Object edge : edges[c]) {
            Object[] row = valid.clone();
            row[c] = edge instanceof Instant instant ? Timestamp.from(instant) : edge;
            String own = copy + "-" + n;
            if (c == 0 && !edge.equals("dup") && !edge.toString().isBlank()) {
              // A key of its own, with its edge where the edge shows: a leading space first, else last.
              row[0] = edge.toString().startsWith(" ") ? edge + own : own + edge;
            }
            rows.add(RowFactory.create(row));
          }
          Object[] missing = valid.clone();
          missing[c] = null;
          rows.add(RowFactory.create(missing));
        }
      }
    }
    return rows;
  }

  /** Judges each row both ways: "record's row | cells' row | cell texts". */
  private static final class BothWays implements ParquetRecords.RowHandler<String> {
    private static final long serialVersionUID = 1L;
    private final ReaderRowRules rules;
    private final RecordParser parser;
    private final RowSet candidates;
    private transient ReaderRowRules.TextMemo recordMemo;
    private transient ParquetCellRules cellRules;

    BothWays(ReaderRowRules rules, RecordParser parser, RowSet candidates) {
      this.rules = rules;
      this.parser = parser;
      this.candidates = candidates;
    }

    @Override
    public String handle(TextRecords.FileInfo info, String file, Long line, long rowId, String[] values) {
      throw new AssertionError("the cells are asked for");
    }

    @Override
    public String handle(TextRecords.FileInfo info, String file, Long line, long rowId, ParquetRecords.Cells cells) {
      if (cellRules == null) {
        recordMemo = rules.newMemo();
        cellRules = ParquetCellRules.of(rules, parser, info.plan(), rules.newMemo(), cells);
        assertThat(cellRules).as("the source's cells can be judged").isNotNull();
      }
      // The cells first, as the main pass judges them: before any text of the row is made.
      InternalRow fromCells = cellRules.typed(candidates);
      boolean cellsPersonal = cellRules.personal();
      String[] texts = cells.texts();
      Row record = parser.values(info.plan(), file, line, rowId, texts);
      InternalRow fromRecord = rules.typed(record, candidates, recordMemo);
      return shown(fromRecord) + " personal " + record.getBoolean(RecordParser.PERSONAL_INDEX) + " | "
          + shown(fromCells) + " personal " + cellsPersonal + " | " + String.join(",",
          java.util.Arrays.stream(texts).map(String::valueOf).toList());
    }

    private static String shown(InternalRow row) {
      if (row == null) {
        return "none";
      }
      List<String> values = new ArrayList<>();
      for (Object value : ((GenericInternalRow) row).values()) {
        values.add(value == null ? "null" : value.getClass().getSimpleName() + ":" + value);
      }
      return String.join(";", values);
    }
  }
}
