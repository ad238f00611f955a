package org.coprod.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;

/**
 * The direct path's main pass judged in the reader's JVM: for a raw record ({@link RecordParser})
 * either the typed row of the clean table, when the record certainly passes every row rule
 * ({@link RowRules}) and every reference check, and its key (for links, its account too) is not
 * a candidate duplicate; or
 * nothing, and the record goes to the second pass, which judges it with the Spark rules. The row
 * is in Spark's internal form (text as UTF8String, a date as its epoch day, a timestamp as epoch
 * microseconds), so that no encoder converts it again and the values do not depend on the
 * session's choice of java.time or java.sql types.
 *
 * <p>Why: as Spark expressions, the rules (a parse, a dozen conditions and the failure structs
 * over every column) and the conversion of the text rows cost several times the reading itself
 * (11.5 s over a 2.1 s parse for usage at 200k citizens). Here they cost a few comparisons a
 * cell.
 *
 * <p>Conservative by construction, so that it needs no second copy of every rule's edge cases:
 * it accepts a cell only in the contract's plain forms, where the typed value is certainly the
 * one Spark's {@code try_cast} or pattern parse gives ({@code [+-]} and up to nine digits for an
 * integer; digits, a point and an exponent for a double; {@code yyyy-MM-dd} and
 * {@code yyyy-MM-ddTHH:mm:ssZ}; Spark's boolean words). Anything else, a
 * thousands separator, a failed rule, a derived age, goes to the second pass, which gives it
 * exactly what the ordinary path gives. A wrong refusal costs time, never a different outcome;
 * IngestDirectPathTest and ReaderRowRulesTest compare the two. A source whose columns this class
 * cannot judge (declared date formats, long or double columns with allowed values) takes the
 * Spark main pass ({@link #of} is empty).
 */
final class ReaderRowRules implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Session setting: whether the direct path's main pass judges rows in the reader (default true). */
  static final String SETTING = "spark.coprod.ingest.rulesInReader";
  /** Most known keys of a referenced source held in every task (a set of their texts); beyond it, the Spark main pass. */
  static final int MOST_KNOWN_KEYS = 2_000_000;
  /**
   * Dates and timestamps before this year go to the second pass. Caution only: internal values
   * (epoch days and microseconds) are proleptic Gregorian, as java.time's, but old dates are rare
   * and the Spark rules judge them as they always have.
   */
  private static final int FIRST_YEAR = 1900;

  private enum Kind { TEXT, INTEGER, DOUBLE, DATE, TIMESTAMP, BOOLEAN }

  /**
   * What is checked of one contract column.
   *
   * @param allowed the allowed values, each with its internal text (shared by every row that has
   *     it: a category cell then costs a lookup, not an encoding), or null when any value is allowed
   * @param windowFrom first allowed epoch day (date) or epoch second (timestamp)
   * @param windowTo last allowed epoch day, or first epoch second after the window
   * @param known the keys a reference may name, or null when the column references nothing checked
   */
  private record Check(Kind kind, boolean required, double min, double max, Map<String, UTF8String> allowed,
      long windowFrom, long windowTo, KnownTexts known) implements Serializable {}

  private final Check[] checks;
  private final String separator;
  private final int ageColumn;
  private final int monthFromColumn;
  /** For links, the account column, whose repeated values are candidates too ({@link RecordParser#accountHash}); else -1. */
  private final int accountColumn;

  private ReaderRowRules(Check[] checks, String separator, int ageColumn, int monthFromColumn, int accountColumn) {
    this.checks = checks;
    this.separator = separator;
    this.ageColumn = ageColumn;
    this.monthFromColumn = monthFromColumn;
    this.accountColumn = accountColumn;
  }

  /**
   * Whether the session lets the main pass judge rows in the reader; a setting other than true or
   * false is a configuration error.
   */
  static boolean enabled(org.apache.spark.sql.SparkSession spark) {
    String setting = spark.conf().get(SETTING, "true").trim();
    if (!setting.equals("true") && !setting.equals("false")) {
      throw new org.coprod.spec.SpecException(SETTING + ": '" + setting + "' is not true or false (true judges the "
          + "direct path's rows in the reader, false as Spark expressions)");
    }
    return setting.equals("true");
  }

  /**
   * The rules of a source, or empty when some column needs what only the Spark rules do.
   *
   * @param known per referenced column, the keys it may name (see {@link CrossRowRules}); a column
   *     with a reference that is not given here is not checked, as in {@link CrossRowRules}
   */
  static Optional<ReaderRowRules> of(SourceContract contract, InputSpec input,
      Map<String, ? extends java.util.Collection<String>> known) {
    Map<String, KnownTexts> texts = new java.util.HashMap<>();
    known.forEach((column, keys) -> texts.put(column, KnownTexts.of(keys)));
    return withKnown(contract, input, texts);
  }

  /** As {@link #of}, with the keys already held as texts. */
  static Optional<ReaderRowRules> withKnown(SourceContract contract, InputSpec input, Map<String, KnownTexts> known) {
    List<Check> checks = new ArrayList<>();
    for (ColumnSpec column : contract.columns()) {
      Optional<Kind> kind = kind(column.type());
      if (kind.isEmpty()) {
        return Optional.empty();
      }
      boolean temporal = kind.get() == Kind.DATE || kind.get() == Kind.TIMESTAMP;
      String plainFormat = kind.get() == Kind.DATE ? ColumnSpec.DATE_FORMAT : ColumnSpec.TIMESTAMP_FORMAT;
      if (temporal && !RowRules.formats(column, input).equals(List.of(plainFormat))) {
        return Optional.empty();
      }
      if (!column.allowedValues().isEmpty() && kind.get() != Kind.TEXT && kind.get() != Kind.INTEGER) {
        return Optional.empty(); // Spark's text of a double or date need not be Java's
      }
      long from = Long.MIN_VALUE;
      long to = Long.MAX_VALUE;
      InputSpec.StudyWindow window = input.studyWindow();
      if (window != null && temporal) {
        boolean date = kind.get() == Kind.DATE;
        if (window.from() != null) {
          from = date ? window.from().toEpochDay() : window.from().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
        if (window.to() != null) {
          to = date ? window.to().toEpochDay() : window.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
      }
      KnownTexts keys = known.get(column.name());
      checks.add(new Check(kind.get(), !column.nullable() || contract.keyColumns().contains(column.name()),
          column.min() == null ? Double.NEGATIVE_INFINITY : column.min(),
          column.max() == null ? Double.POSITIVE_INFINITY : column.max(),
          column.allowedValues().isEmpty() ? null : internalTexts(column.allowedValues()), from, to,
          keys));
    }
    int age = contract.name().equals("survey") ? contract.columnNames().indexOf("age") : -1;
    int month = contract.name().equals("usage") ? contract.columnNames().indexOf("ts") : -1;
    int account = contract.name().equals("links") ? contract.columnNames().indexOf("account_id") : -1;
    return Optional.of(new ReaderRowRules(checks.toArray(Check[]::new), input.thousandsSeparator(), age, month,
        account));
  }

  private static Map<String, UTF8String> internalTexts(List<String> texts) {
    Map<String, UTF8String> internal = new java.util.HashMap<>();
    texts.forEach(text -> internal.put(text, UTF8String.fromString(text)));
    return internal;
  }

  private static Optional<Kind> kind(DataType type) {
    if (DataTypes.StringType.equals(type)) {
      return Optional.of(Kind.TEXT);
    }
    if (DataTypes.IntegerType.equals(type)) {
      return Optional.of(Kind.INTEGER);
    }
    if (DataTypes.DoubleType.equals(type)) {
      return Optional.of(Kind.DOUBLE);
    }
    if (DataTypes.DateType.equals(type)) {
      return Optional.of(Kind.DATE);
    }
    if (DataTypes.TimestampType.equals(type)) {
      return Optional.of(Kind.TIMESTAMP);
    }
    if (DataTypes.BooleanType.equals(type)) {
      return Optional.of(Kind.BOOLEAN);
    }
    return Optional.empty();
  }

  /**
   * Schema of {@link #typed}'s rows: the clean table's columns (usage with its month), every one
   * nullable as the Spark rules type them. Usage's month is never null: a row without its
   * timestamp is left for the second pass ({@link MonthFiles} needs the month non-null).
   * The rows are written as they are, so the schema has nothing the table has not: the
   * personal-data flag is counted by {@link MainPassJudge} from the record.
   */
  static StructType schema(SourceContract contract) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      fields.add(new StructField(field.name(), field.dataType(), true, field.metadata()));
    }
    if (contract.name().equals("usage")) {
      fields.add(new StructField("month", DataTypes.StringType, false, Metadata.empty()));
    }
    return DataTypes.createStructType(fields);
  }

  /** As {@link #typed(Row, RowSet, TextMemo)}, with a memo for this record alone. */
  InternalRow typed(Row record, RowSet candidateKeys) {
    return typed(record, candidateKeys, newMemo());
  }

  /** A memo for one task's records ({@link TextMemo}). */
  TextMemo newMemo() {
    return new TextMemo(checks.length);
  }

  /**
   * One task's last text of each column and its internal form. Why: identifiers and references
   * repeat on consecutive rows (an account's events come together, with its pseudonym and its
   * neighbourhood), and comparing a text with the last one costs less than encoding it (the
   * encoding was 5% of the usage main pass's samples at 1M citizens, Parquet input). Likewise the
   * recent references found among the known keys (their lookup, a hash and a probe, was 2%). One
   * per task: the rules are one object per executor, shared by its tasks.
   */
  static final class TextMemo {
    private final String[] texts;
    private final UTF8String[] internal;
    /** Per column, its recent texts found among the known keys (by hash; made on the first lookup). */
    private final String[][] lastKnown;
    private static final int RECENT_KNOWN = 16;

    private TextMemo(int columns) {
      texts = new String[columns];
      internal = new UTF8String[columns];
      lastKnown = new String[columns][];
    }

    /**
     * Whether {@code known} holds the text: one of the column's recent texts found in it (by the
     * text's own hash, cached in the string), or looked up. Why more than the last: a tenth of
     * the generated events name a neighbourhood other than their account's, and the next event
     * returns to it; the lookups left were 3% of usage's main pass's samples (1M citizens).
     */
    boolean known(int column, String text, KnownTexts known) {
      String[] recent = lastKnown[column];
      if (recent == null) {
        recent = lastKnown[column] = new String[RECENT_KNOWN];
      }
      int slot = text.hashCode() & (RECENT_KNOWN - 1);
      if (text.equals(recent[slot])) {
        return true;
      }
      if (!known.contains(text)) {
        return false;
      }
      recent[slot] = text;
      return true;
    }

    UTF8String of(int column, String text) {
      if (text.equals(texts[column])) {
        return internal[column];
      }
      UTF8String value = UTF8String.fromString(text);
      texts[column] = text;
      internal[column] = value;
      return value;
    }
  }

  /** The clean row of a raw record that certainly passes, or null when the second pass must judge it. */
  InternalRow typed(Row record, RowSet candidateKeys, TextMemo memo) {
    if (!record.isNullAt(RecordParser.MALFORMED_INDEX) || !record.isNullAt(RecordParser.ENCODING_INDEX)) {
      return null; // malformed line, undecodable bytes
    }
    if (candidateKeys.contains(record.getLong(RecordParser.KEY_HASH_INDEX))) {
      return null;
    }
    if (accountColumn >= 0 && !record.isNullAt(RecordParser.FIXED + accountColumn)
        && candidateKeys.contains(RecordParser.accountHash(record.getString(RecordParser.FIXED + accountColumn)))) {
      return null; // an account that other rows name too
    }
    if (ageColumn >= 0 && record.isNullAt(RecordParser.FIXED + ageColumn)
        && !record.isNullAt(RecordParser.DATE_OF_BIRTH_INDEX)) {
      return null; // age derived from the date of birth
    }
    Object[] values = new Object[width()];
    for (int i = 0; i < checks.length; i++) {
      Object value = judged(i, (String) record.get(RecordParser.FIXED + i), memo);
      if (value == REJECTED) {
        return null;
      }
      values[i] = value;
    }
    return complete(values);
  }

  /** What {@link #judged} gives for a cell that fails its column's rules (or that only the second pass may judge). */
  static final Object REJECTED = new Object();

  /** Whether a row's account is a candidate key too (links: {@link RecordParser#accountHash}). */
  boolean judgesAccounts() {
    return accountColumn >= 0;
  }

  /** The survey's age column, whose missing value is left to the second pass when the row has a date of birth; else -1. */
  int ageColumn() {
    return ageColumn;
  }

  /** How many values {@link #complete} takes: the contract's columns, then usage's month. */
  int width() {
    return checks.length + (monthFromColumn >= 0 ? 1 : 0);
  }

  /**
   * The typed value of contract column {@code column} given its text in the record (null when
   * missing), when it passes the column's rules and reference; else {@link #REJECTED}. It
   * depends on the text alone: {@link ParquetCellRules} judges a column's distinct cells once.
   */
  Object judged(int column, String text, TextMemo memo) {
    Check check = checks[column];
    if (text == null) {
      return check.required ? REJECTED : null;
    }
    Object value = value(check, text, column, memo);
    // A reference compares the text, as CrossRowRules does.
    return value == null || check.known != null && !memo.known(column, text, check.known) ? REJECTED : value;
  }

  /** Whether contract column {@code column} is text without allowed values or a reference: its value is its text's bytes. */
  boolean isPlainText(int column) {
    Check check = checks[column];
    return check.kind == Kind.TEXT && check.allowed == null && check.known == null;
  }

  /** Whether contract column {@code column} is a timestamp without allowed values or a reference: {@link #judgedInstant} judges it. */
  boolean isPlainInstant(int column) {
    Check check = checks[column];
    return check.kind == Kind.TIMESTAMP && check.allowed == null && check.known == null;
  }

  /**
   * {@link #judged} of a timestamp column ({@link #isPlainInstant}) whose cell is Parquet's
   * timestamp {@code micros}, without its text. The text the reader makes of it
   * ({@link ParquetRecords.CellText}: to the second, in the contract's form from the year 1000
   * to 9999) is plain exactly when the year is from {@link #FIRST_YEAR} to 9999, and its value is
   * then the second.
   */
  Object judgedInstant(int column, long micros) {
    long second = Math.floorDiv(micros, 1_000_000L);
    Check check = checks[column];
    return second < FIRST_PLAIN_SECOND || second >= FIRST_SECOND_OF_10000 || second < check.windowFrom
        || second >= check.windowTo ? REJECTED : (Object) (second * 1_000_000L);
  }

  private static final long FIRST_PLAIN_SECOND = LocalDate.of(FIRST_YEAR, 1, 1).toEpochDay() * 86_400L;
  private static final long FIRST_SECOND_OF_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;

  /**
   * The clean row of a record's judged values (the contract's columns; {@link #width} of them),
   * with usage's month, or null when usage's row has no timestamp (schema() promises a month).
   */
  InternalRow complete(Object[] values) {
    if (monthFromColumn >= 0) {
      if (values[monthFromColumn] == null) {
        return null;
      }
      values[checks.length] = month(Math.floorDiv((Long) values[monthFromColumn], 1_000_000L));
    }
    // Texts as UTF8Strings of arrays of their own (TextMemo, the allowed values, the month
    // table): Spark's Parquet writer takes such a text's bytes without copying them (MonthFiles).
    return new GenericInternalRow(values);
  }

  /**
   * {@link IngestStage#utcMonth(long)} of an epoch second, as internal text: looked up among the
   * months of {@link #FIRST_YEAR} to {@link #MONTH_TEXTS_TO_YEAR} by a binary search of their
   * first seconds. Why: a date and a text a row were 0.8% of a profile of ingest at 1M citizens,
   * and 1.5% of the usage main pass's when the spec sets no study window.
   */
  private static UTF8String month(long epochSecond) {
    if (epochSecond < MONTH_STARTS[0] || epochSecond >= MONTH_STARTS[MONTH_STARTS.length - 1]) {
      return UTF8String.fromString(IngestStage.utcMonth(epochSecond));
    }
    int at = java.util.Arrays.binarySearch(MONTH_STARTS, epochSecond);
    return MONTH_TEXTS[at >= 0 ? at : -at - 2];
  }

  /** The last year {@link #month} looks up; later months are computed. */
  private static final int MONTH_TEXTS_TO_YEAR = 2199;
  /** The first second of each month from {@link #FIRST_YEAR} on, and of the month after the last. */
  private static final long[] MONTH_STARTS = new long[(MONTH_TEXTS_TO_YEAR - FIRST_YEAR + 1) * 12 + 1];
  /** The text of each month that {@link #MONTH_STARTS} starts, but the last. */
  private static final UTF8String[] MONTH_TEXTS = new UTF8String[MONTH_STARTS.length - 1];

  static {
    LocalDate month = LocalDate.of(FIRST_YEAR, 1, 1);
    for (int i = 0; i < MONTH_STARTS.length; i++, month = month.plusMonths(1)) {
      MONTH_STARTS[i] = month.toEpochDay() * 86_400L;
      if (i < MONTH_TEXTS.length) {
        MONTH_TEXTS[i] = UTF8String.fromString(IngestStage.utcMonth(MONTH_STARTS[i]));
      }
    }
  }

  /** The typed value of a present cell of column {@code column} when it passes its rules, else null. */
  private Object value(Check check, String text, int column, TextMemo memo) {
    return switch (check.kind) {
      case TEXT -> check.allowed != null ? check.allowed.get(text) : memo.of(column, text);
      case INTEGER -> integer(check, text);
      case DOUBLE -> real(check, text);
      case DATE -> date(check, text);
      case TIMESTAMP -> timestamp(check, text);
      case BOOLEAN -> bool(text);
    };
  }

  private Integer integer(Check check, String text) {
    if (separator != null && text.contains(separator) || !plainInteger(text)) {
      return null;
    }
    int value = Integer.parseInt(text);
    if (value < check.min || value > check.max) {
      return null;
    }
    if (check.allowed != null && !check.allowed.containsKey(Integer.toString(value))) {
      return null;
    }
    return value;
  }

  /** An optional sign and one to nine digits: Spark and {@link Integer#parseInt} read it alike, without overflow. */
  static boolean plainInteger(String text) {
    int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    int digits = text.length() - start;
    return digits >= 1 && digits <= 9 && allDigits(text, start, text.length());
  }

  private Double real(Check check, String text) {
    if (separator != null && text.contains(separator) || !plainReal(text)) {
      return null;
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value) || value < check.min || value > check.max) {
      return null;
    }
    return value;
  }

  /**
   * Digits with an optional sign, fraction and exponent: a text Spark's cast reads with
   * {@link Double#parseDouble} as well, with no special words or type suffixes.
   */
  static boolean plainReal(String text) {
    int at = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    int start = at;
    while (at < text.length() && isDigit(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      return false;
    }
    if (at < text.length() && text.charAt(at) == '.') {
      int fraction = ++at;
      while (at < text.length() && isDigit(text.charAt(at))) {
        at++;
      }
      if (at == fraction) {
        return false;
      }
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      int exponent = at;
      while (at < text.length() && isDigit(text.charAt(at))) {
        at++;
      }
      if (at == exponent || at - exponent > 4) {
        return false;
      }
    }
    return at == text.length();
  }

  private Object date(Check check, String text) {
    long day = plainDate(text);
    return day == NOT_PLAIN || day < check.windowFrom || day > check.windowTo ? null : (int) day;
  }

  /** {@code yyyy-MM-dd} exactly, a real day from {@link #FIRST_YEAR} on, as its epoch day; else {@link #NOT_PLAIN}. */
  static long plainDate(String text) {
    return text.length() == 10 ? datePrefix(text) : NOT_PLAIN;
  }

  /**
   * The epoch day of {@code yyyy-MM-dd} at the start of {@code text} (at least 10 characters),
   * a real day from {@link #FIRST_YEAR} on, else {@link #NOT_PLAIN}. The day is checked as
   * {@code LocalDate.of} checks it and counted by the days-from-civil arithmetic java.time uses
   * too (H. Hinnant's), without making a date per cell (1.3% of usage's main pass's samples at
   * 1M citizens).
   */
  private static long datePrefix(String text) {
    if (text.charAt(4) != '-' || text.charAt(7) != '-' || !allDigits(text, 0, 4) || !allDigits(text, 5, 7)
        || !allDigits(text, 8, 10)) {
      return NOT_PLAIN;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 7);
    int day = number(text, 8, 10);
    if (year < FIRST_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return NOT_PLAIN;
    }
    // Years from March, so that a leap day ends its year; eras of 400 years (146,097 days).
    int marchYear = month <= 2 ? year - 1 : year;
    int era = marchYear / 400;
    int yearOfEra = marchYear - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private Object timestamp(Check check, String text) {
    long second = plainEpochSecond(text);
    if (second == NOT_PLAIN || second < check.windowFrom || second >= check.windowTo) {
      return null;
    }
    return second * 1_000_000L;
  }

  /** What {@link #plainEpochSecond} gives for a text that is not a plain instant. */
  static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ} exactly (the contract's form), a real instant from
   * {@link #FIRST_YEAR} on, as epoch seconds; else {@link #NOT_PLAIN}. The fields are checked as
   * {@code LocalDateTime.of} checks them (hours to 23, minutes and seconds to 59), without making
   * one and an instant per event (the whole check was about 3% of usage's main pass's samples at
   * 1M citizens).
   */
  static long plainEpochSecond(String text) {
    if (text.length() != 20 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
        || text.charAt(19) != 'Z' || !allDigits(text, 11, 13) || !allDigits(text, 14, 16) || !allDigits(text, 17, 19)) {
      return NOT_PLAIN;
    }
    int hour = number(text, 11, 13);
    int minute = number(text, 14, 16);
    int second = number(text, 17, 19);
    long day = hour > 23 || minute > 59 || second > 59 ? NOT_PLAIN : datePrefix(text);
    return day == NOT_PLAIN ? NOT_PLAIN : day * 86_400L + hour * 3_600L + minute * 60L + second;
  }

  /** Spark's boolean words (any case), as its cast reads them. */
  private static Boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "1" -> Boolean.TRUE;
      case "f", "false", "n", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
