package org.coprod.ingest.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One column of an input source: its name, Spark type, unit, allowed values or range,
 * nullability and meaning. The contract is the single source of truth for readers,
 * validation rules, the generator and the data dictionary in {@code data/README.md}.
 *
 * @param name column name as it appears in the file header / JSON key / Parquet field
 * @param type Spark type the reader parses the raw value into
 * @param unit unit of measurement, or {@code "-"} when the value is a code or identifier
 * @param allowedValues closed set of allowed values (strings as written), empty when open
 * @param min inclusive lower bound for numeric columns, or {@code null}
 * @param max inclusive upper bound for numeric columns, or {@code null}
 * @param nullable whether an empty value is acceptable
 * @param format textual format of dates and timestamps in CSV/JSON, or {@code null}
 * @param description what the column means
 */
public record ColumnSpec(
    String name,
    DataType type,
    String unit,
    List<String> allowedValues,
    Double min,
    Double max,
    boolean nullable,
    String format,
    String description) implements java.io.Serializable {

  /** Date columns are written and read as ISO-8601 calendar dates. */
  public static final String DATE_FORMAT = "yyyy-MM-dd";

  /** Timestamps are written and read as ISO-8601 instants in UTC. */
  public static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

  private static final java.time.format.DateTimeFormatter TIMESTAMP_FORMATTER =
      java.time.format.DateTimeFormatter.ofPattern(TIMESTAMP_FORMAT).withZone(java.time.ZoneOffset.UTC);

  /** 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: {@link #timestampText} writes the years between by hand. */
  private static final long FIRST_HAND_WRITTEN_SECOND = -30_610_224_000L;
  private static final long FIRST_SECOND_AFTER = 253_402_300_800L;

  /**
   * The {@link #TIMESTAMP_FORMAT} text of an epoch second, as a {@code DateTimeFormatter} with
   * that pattern writes it. By hand for the years 1000 to 9999: the formatter was a good part of
   * writing the generator's events and of reading a Parquet timestamp column; then making a
   * {@code LocalDateTime} per cell was 3% of usage's main pass's samples (1M citizens, Parquet
   * input), so the day is turned into its date by the civil-from-days arithmetic that java.time
   * uses too (H. Hinnant's), without objects.
   */
  public static String timestampText(long epochSecond) {
    if (epochSecond < FIRST_HAND_WRITTEN_SECOND || epochSecond >= FIRST_SECOND_AFTER) {
      return TIMESTAMP_FORMATTER.format(java.time.Instant.ofEpochSecond(epochSecond));
    }
    long day = Math.floorDiv(epochSecond, 86_400L);
    int secondOfDay = (int) (epochSecond - day * 86_400L);
    // Days from 0000-03-01 in eras of 400 years (146,097 days); March first, so leap days end a year.
    long shifted = day + 719_468L;
    long era = Math.floorDiv(shifted, 146_097L);
    int dayOfEra = (int) (shifted - era * 146_097L);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int monthFromMarch = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
    char[] text = new char[20];
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, month, 2);
    text[7] = '-';
    digits(text, 8, dayOfMonth, 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3_600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    text[19] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  public ColumnSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(description, "description is null");
    allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues is null"));
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("invalid column name: " + name + " (must be snake_case)");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("invalid range for " + name + ": " + min + " > " + max);
    }
    boolean numeric = DataTypes.IntegerType.equals(type) || DataTypes.LongType.equals(type)
        || DataTypes.DoubleType.equals(type);
    if ((min != null || max != null) && !numeric) {
      throw new IllegalArgumentException("range given for non-numeric column " + name);
    }
  }

  /** A required string identifier column. */
  static ColumnSpec id(String name, String description) {
    return new ColumnSpec(name, DataTypes.StringType, "-", List.of(), null, null, false, null, description);
  }

  /** A string column restricted to a closed set of codes. */
  static ColumnSpec category(String name, List<String> values, boolean nullable, String description) {
    return new ColumnSpec(name, DataTypes.StringType, "-", values, null, null, nullable, null, description);
  }

  /** An integer column with an inclusive range. */
  static ColumnSpec integer(String name, String unit, int min, int max, boolean nullable, String description) {
    return new ColumnSpec(name, DataTypes.IntegerType, unit, List.of(), (double) min, (double) max, nullable, null,
        description);
  }

  /** A 0/1 indicator stored as an integer. */
  static ColumnSpec flag(String name, boolean nullable, String description) {
    return new ColumnSpec(name, DataTypes.IntegerType, "0/1", List.of("0", "1"), 0.0, 1.0, nullable, null,
        description);
  }

  /** A double column with an inclusive range ({@code null} bounds are open). */
  static ColumnSpec real(String name, String unit, Double min, Double max, boolean nullable, String description) {
    return new ColumnSpec(name, DataTypes.DoubleType, unit, List.of(), min, max, nullable, null, description);
  }

  /** This column with empty values allowed (a column a source did not collect, or a user's own column). */
  public ColumnSpec asNullable() {
    return nullable ? this : new ColumnSpec(name, type, unit, allowedValues, min, max, true, format, description);
  }

  /** Whether a value of this column is within the allowed set or range (nulls excluded). */
  public boolean allows(Object value) {
    if (value == null) {
      return nullable;
    }
    if (!allowedValues.isEmpty() && !allowedValues.contains(String.valueOf(value))) {
      return false;
    }
    if (value instanceof Number number) {
      double x = number.doubleValue();
      return (min == null || x >= min) && (max == null || x <= max);
    }
    return true;
  }
}
