package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * {@link ReaderRowRules} against the Spark rules it stands in for ({@link RowRules},
 * {@link CrossRowRules#applyToUniqueKeys}): records that vary one cell of a valid row over edge
 * texts of its type. Every record the reader accepts, Spark accepts, with the same typed values
 * (and, for usage, the same month); every record in a plain form that Spark accepts, the reader
 * accepts too, so that it cannot pass by refusing everything.
 */
@SparkTest
class ReaderRowRulesTest {

  private static final List<String> ANY = List.of("", "?", "x y", "null");
  private static final List<String> INTEGERS = List.of("7", "+7", "-0", "007", "1,000", "7.0", "7.5", "1e1",
      "2147483647", "2147483648", "99999999999", "\uff17", "\u0663", "0x1A", "1_0", "--1", "+", "-");
  private static final List<String> REALS = List.of("0.5", "1", "1.", ".5", "-0.0", "+2.25", "1e1", "1E-2", "2.5e+0",
      "1e400", "1e-400", "NaN", "Infinity", "-Infinity", "inf", "1d", "1f", "0x1p3", "1,5", "1.5e", "1,000.5", "1e",
      "\uff11");
  private static final List<String> DATES = List.of("2025-03-01", "2024-02-29", "2023-02-29", "2025-13-01",
      "2025-00-10", "2025-04-31", "2025-1-01", "25-03-01", "2025-03-01T00:00:00Z", "1899-12-31", "1900-01-01",
      "0001-01-01", "2025/03/01", "+2025-03-01", "2019-12-31", "2020-01-01", "2026-12-31", "2027-01-01",
      "\uff12025-03-01");
  private static final List<String> TIMESTAMPS = List.of("2025-03-01T10:00:00Z", "2024-02-29T23:59:59Z",
      "2023-02-29T00:00:00Z", "2025-03-01T24:00:00Z", "2025-03-01T12:60:00Z", "2025-03-01T12:00:60Z",
      "2025-03-01 10:00:00Z", "2025-03-01T10:00:00", "2025-03-01T10:00:00.5Z", "2025-03-01T10:00:00+01:00",
      "2025-3-01T10:00:00Z", "1899-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "2019-12-31T23:59:59Z",
      "2020-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "2025-03-01",
      // The ends of the reader's table of month texts, and past it.
      "1900-01-31T23:59:59Z", "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z");
  private static final List<String> BOOLEANS = List.of("true", "FALSE", "t", "F", "yes", "No", "y", "N", "1", "0",
      "2", "on", "truee");
  private static final InputSpec.StudyWindow WINDOW = new InputSpec.StudyWindow(LocalDate.of(2020, 1, 1),
      LocalDate.of(2026, 12, 31));

  /** A declared table's contract with every type the reader judges. */
  private static final SourceContract TABLE = new SourceContract("things", "thing", List.of("thing_id"),
      List.of("thing_id"), List.of(
          new ColumnSpec("thing_id", DataTypes.StringType, "-", List.of(), null, null, false, null, "id"),
          new ColumnSpec("open", DataTypes.BooleanType, "-", List.of(), null, null, true, null, "flag"),
          new ColumnSpec("level", DataTypes.IntegerType, "-", List.of("1", "2", "7"), null, null, true, null, "code"),
          new ColumnSpec("share", DataTypes.DoubleType, "-", List.of(), -1.0, 1e300, true, null, "share"),
          new ColumnSpec("day", DataTypes.DateType, "-", List.of(), null, null, true, ColumnSpec.DATE_FORMAT, "day"),
          new ColumnSpec("seen", DataTypes.TimestampType, "-", List.of(), null, null, true,
              ColumnSpec.TIMESTAMP_FORMAT, "seen")));

  @Test
  void acceptsWhatSparkAcceptsWithTheSameValues(SparkSession spark) {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    try {
      for (SourceContract contract : List.of(Contracts.SURVEY, Contracts.USAGE, Contracts.NEIGHBOURHOODS, TABLE)) {
        InputSpec plain = new InputSpec(contract.name(), "unused", InputSpec.Format.CSV, ",");
        compare(spark, contract, plain);
        compare(spark, contract, plain.withStudyWindow(WINDOW).withThousandsSeparator(","));
      }
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void sourcesWithDeclaredFormatsOrDoublesWithAllowedValuesAreLeftToSpark() {
    InputSpec input = new InputSpec("usage", "unused", InputSpec.Format.CSV, ",");
    assertThat(ReaderRowRules.of(Contracts.USAGE, input, Map.of())).isPresent();
    assertThat(ReaderRowRules.of(Contracts.USAGE, input.withFormats(Map.of("ts", "dd/MM/yyyy HH:mm")), Map.of())).isEmpty();
    SourceContract codedDouble = new SourceContract("t", "t", List.of("id"), List.of("id"), List.of(
        new ColumnSpec("id", DataTypes.StringType, "-", List.of(), null, null, false, null, "id"),
        new ColumnSpec("x", DataTypes.DoubleType, "-", List.of("0.5"), null, null, true, null, "x")));
    assertThat(ReaderRowRules.of(codedDouble, input, Map.of())).isEmpty();
  }

  /**
   * The reader's day arithmetic against java.time: every day from 1900 (the first year it takes) to 2104 as a date and as
   * instants at its first and last second, and texts that are no real day or time.
   */
  @Test
  void datesAndInstantsAreJavaTimes() {
    for (LocalDate day = LocalDate.of(1900, 1, 1); day.getYear() < 2105; day = day.plusDays(1)) {
      String text = day.toString();
      if (ReaderRowRules.plainDate(text) != day.toEpochDay()) {
        assertThat(ReaderRowRules.plainDate(text)).as(text).isEqualTo(day.toEpochDay());
      }
      long first = day.toEpochDay() * 86_400L;
      if (ReaderRowRules.plainEpochSecond(text + "T00:00:00Z") != first
          || ReaderRowRules.plainEpochSecond(text + "T23:59:59Z") != first + 86_399L) {
        assertThat(ReaderRowRules.plainEpochSecond(text + "T23:59:59Z")).as(text).isEqualTo(first + 86_399L);
        assertThat(ReaderRowRules.plainEpochSecond(text + "T00:00:00Z")).as(text).isEqualTo(first);
      }
    }
    assertThat(ReaderRowRules.plainEpochSecond("2024-03-01T12:34:56Z"))
        .isEqualTo(java.time.Instant.parse("2024-03-01T12:34:56Z").getEpochSecond());
    assertThat(ReaderRowRules.plainDate("9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
    for (String notADay : List.of("1900-02-29", "2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-01-32", "1899-12-31", "2024-1-01", "2024/01/01", "+024-01-01", "2024-01-01 ")) {
      assertThat(ReaderRowRules.plainDate(notADay)).as(notADay).isEqualTo(ReaderRowRules.NOT_PLAIN);
    }
    for (String notAnInstant : List.of("2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
        "2023-02-29T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "1899-12-31T23:59:59Z")) {
      assertThat(ReaderRowRules.plainEpochSecond(notAnInstant)).as(notAnInstant).isEqualTo(ReaderRowRules.NOT_PLAIN);
    }
    assertThat(ReaderRowRules.plainDate("2000-02-29")).isEqualTo(LocalDate.of(2000, 2, 29).toEpochDay());
  }

  @Test
  void monthIsTheUtcMonthOfTheInstant() {
    assertThat(IngestStage.utcMonth(java.time.Instant.parse("2024-12-31T23:59:59Z").getEpochSecond()))
        .isEqualTo("2024-12");
    assertThat(IngestStage.utcMonth(java.time.Instant.parse("2025-01-01T00:00:00Z").getEpochSecond()))
        .isEqualTo("2025-01");
    assertThat(IngestStage.utcMonth(java.time.Instant.parse("1969-12-31T23:59:59Z").getEpochSecond()))
        .isEqualTo("1969-12");
  }

  private static void compare(SparkSession spark, SourceContract contract, InputSpec input) {
    Map<String, String> valid = contract == TABLE
        ? Map.of("thing_id", "T1", "open", "true", "level", "2", "share", "0.25", "day", "2025-03-01", "seen",
            "2025-03-01T10:00:00Z")
        : IngestFixtures.validRow(contract, 1);
    List<Row> records = new ArrayList<>();
    List<Boolean> plainForm = new ArrayList<>();
    records.add(record(contract, valid, 0));
    plainForm.add(true);
    for (ColumnSpec column : contract.columns()) {
      List<String> texts = new ArrayList<>(ANY);
      List<String> plainTexts = plainTexts(column);
      texts.addAll(edgeTexts(column));
      texts.add(null);
      for (String text : texts) {
        Map<String, String> changed = new HashMap<>(valid);
        changed.put(column.name(), text);
        records.add(record(contract, changed, records.size()));
        plainForm.add(text == null || plainTexts.contains(text) || column.allowedValues().contains(text)
            || DataTypes.StringType.equals(column.type()) && !text.isEmpty());
      }
    }
    if (contract.columnNames().contains("age")) {
      // No age but a date of birth: Spark derives the age, the reader leaves the record to it.
      Map<String, String> changed = new HashMap<>(valid);
      changed.put("age", null);
      records.add(withDateOfBirth(record(contract, changed, records.size()), "1980-03-10"));
      plainForm.add(false);
    }
    List<CrossRowRules.Reference> references = CrossRowRules.references(contract.name());
    Map<String, KnownKeys> known = new HashMap<>();
    Map<String, Set<String>> knownTexts = new HashMap<>();
    for (CrossRowRules.Reference reference : references) {
      String key = valid.get(reference.column());
      known.put(reference.source(),
          KnownKeys.of(spark.createDataset(List.of(key), Encoders.STRING()).toDF(CrossRowRules.KNOWN_KEY)));
      knownTexts.put(reference.column(), Set.of(key));
    }
    Dataset<Row> raw = spark.createDataFrame(records, RecordParser.schema(contract));
    Dataset<Row> judged = IngestStage.classify(CrossRowRules.applyToUniqueKeys(RowRules.apply(raw, contract, input),
        contract, references, known));
    List<Column> columns = new ArrayList<>(List.of(col(RecordParser.ROW_ID), col(IngestStage.STATUS)));
    for (String name : contract.columnNames()) {
      columns.add(col(RowRules.TYPED_PREFIX + name));
    }
    if (contract.name().equals("usage")) {
      columns.add(IngestStage.utcMonth(col(RowRules.TYPED_PREFIX + "ts")));
    }
    Map<Long, Row> bySpark = new HashMap<>();
    for (Row row : judged.select(columns.toArray(Column[]::new)).collectAsList()) {
      bySpark.put(row.getLong(0), row);
    }
    ReaderRowRules rules = ReaderRowRules.of(contract, input, knownTexts).orElseThrow();
    RowSet noCandidates = RowSet.of(new long[0]);
    // One memo for all records, as in a task: consecutive records share most of their texts, so
    // a memo that answered with a previous record's text would show as a wrong value below.
    ReaderRowRules.TextMemo memo = rules.newMemo();
    int acceptedByBoth = 0;
    for (int i = 0; i < records.size(); i++) {
      Row spark1 = bySpark.get((long) i);
      boolean sparkAccepts = spark1.getString(1).equals(IngestStage.ACCEPTED);
      org.apache.spark.sql.catalyst.InternalRow typed = rules.typed(records.get(i), noCandidates, memo);
      String what = contract.name() + " " + records.get(i) + " with " + input.studyWindow() + ", separator "
          + input.thousandsSeparator();
      if (typed == null) {
        assertThat(sparkAccepts && plainForm.get(i)).as("a plain record the reader refused: " + what).isFalse();
        continue;
      }
      acceptedByBoth++;
      assertThat(sparkAccepts).as("accepted by the reader only: " + what).isTrue();
      assertThat(typed.numFields()).as("the clean table's columns").isEqualTo(ReaderRowRules.schema(contract).size());
      for (int c = 0; c < typed.numFields(); c++) {
        Object value = typed.isNullAt(c) ? null : typed.get(c, ReaderRowRules.schema(contract).fields()[c].dataType());
        assertThat(value).as(what + ", column " + c).isEqualTo(internal(spark1.get(2 + c)));
      }
    }
    assertThat(acceptedByBoth).as(contract.name()).isGreaterThan(contract.columns().size());
    // A repeated key goes to the second pass whatever its content.
    Row first = records.get(0);
    assertThat(rules.typed(first, RowSet.of(new long[] {first.getLong(RecordParser.KEY_HASH_INDEX)}))).isNull();
  }

  /** A value Spark collected, in Spark's internal form: what the reader's rows hold. */
  private static Object internal(Object value) {
    if (value instanceof String text) {
      return org.apache.spark.unsafe.types.UTF8String.fromString(text);
    }
    if (value instanceof java.sql.Date date) {
      return (int) date.toLocalDate().toEpochDay();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      java.time.Instant instant = timestamp.toInstant();
      return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
    return value;
  }

  private static List<String> edgeTexts(ColumnSpec column) {
    List<String> texts = new ArrayList<>(plainTexts(column));
    DataType type = column.type();
    if (DataTypes.IntegerType.equals(type)) {
      texts.addAll(INTEGERS);
    } else if (DataTypes.DoubleType.equals(type)) {
      texts.addAll(REALS);
    } else if (DataTypes.DateType.equals(type)) {
      texts.addAll(DATES);
    } else if (DataTypes.TimestampType.equals(type)) {
      texts.addAll(TIMESTAMPS);
    } else if (DataTypes.BooleanType.equals(type)) {
      texts.addAll(BOOLEANS);
    } else {
      for (String allowed : column.allowedValues()) {
        texts.add(allowed.toUpperCase(java.util.Locale.ROOT) + "x");
        texts.add(allowed + " ");
      }
    }
    return texts;
  }

  /** Texts in the forms the reader must judge itself: bounds and middles of a range, plain dates, instants and words. */
  private static List<String> plainTexts(ColumnSpec column) {
    DataType type = column.type();
    List<String> texts = new ArrayList<>();
    if (DataTypes.IntegerType.equals(type)) {
      texts.addAll(List.of("7", "+7", "-0", "007", "999999999"));
      if (column.min() != null) {
        texts.add(Integer.toString(column.min().intValue()));
        texts.add(Integer.toString(column.min().intValue() - 1));
      }
      if (column.max() != null) {
        texts.add(Integer.toString(column.max().intValue()));
        texts.add(Integer.toString(column.max().intValue() + 1));
      }
    } else if (DataTypes.DoubleType.equals(type)) {
      texts.addAll(List.of("0.5", "1", "-0.0", "+2.25", "1e1", "1E-2", "2.5e+0", "1e-400"));
      if (column.min() != null) {
        texts.add(Double.toString(column.min()));
      }
      if (column.max() != null) {
        texts.add(Double.toString(column.max()));
        texts.add(Double.toString(column.max() + 0.5));
      }
    } else if (DataTypes.DateType.equals(type)) {
      texts.addAll(List.of("2025-03-01", "2024-02-29", "1900-01-01", "2019-12-31", "2020-01-01", "2026-12-31",
          "2027-01-01"));
    } else if (DataTypes.TimestampType.equals(type)) {
      texts.addAll(List.of("2025-03-01T10:00:00Z", "2024-02-29T23:59:59Z", "1900-01-01T00:00:00Z",
          "2019-12-31T23:59:59Z", "2020-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"));
    } else if (DataTypes.BooleanType.equals(type)) {
      texts.addAll(List.of("true", "FALSE", "t", "F", "yes", "No", "y", "N", "1", "0"));
    }
    return texts;
  }

  private static Row withDateOfBirth(Row record, String dateOfBirth) {
    Object[] fields = new Object[record.length()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = record.get(i);
    }
    fields[RecordParser.DATE_OF_BIRTH_INDEX] = dateOfBirth;
    return RowFactory.create(fields);
  }

  /** A raw record as {@link RecordParser} makes it: well-formed, no personal data, key hash = position. */
  private static Row record(SourceContract contract, Map<String, String> values, long position) {
    List<Object> fields = new ArrayList<>(List.of("", position, position));
    fields.add(null); // raw text
    fields.add(null); // malformed
    fields.add(null); // encoding
    fields.add(false); // personal
    fields.add(null); // date of birth
    fields.add(position); // row id
    fields.add(position); // key hash
    for (String name : contract.columnNames()) {
      String text = values.get(name);
      fields.add(text == null || text.isEmpty() ? null : text);
    }
    return RowFactory.create(fields.toArray());
  }
}
