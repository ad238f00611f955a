package org.coprod.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;

/**
 * Row-level rules as Spark column expressions: each contract column is parsed from its text with
 * {@code try_}-functions (Spark 4 runs in ANSI mode, where a plain cast of a bad cell would fail
 * the job) and checked for presence, type, range, allowed values and the study window. Every
 * failure is a struct (rule ordinal, rule id, reason); a row collects all of them.
 */
final class RowRules {

  /** The row-level failures of a row (failure structs, see {@link #failure}); empty when it passes every rule. */
  static final String FAILURES = "_failures";
  static final String TYPED_PREFIX = "_typed_";
  /** True when the row passes every row-level rule; only such rows take part in cross-row rules. */
  static final String ROW_OK = "_row_ok";

  private RowRules() {}

  /**
   * The type of a failure struct: the rule's ordinal (for the order of a row's failures), its id
   * and the reason. Every field is non-null, so that every rule's struct has this one type.
   */
  static final org.apache.spark.sql.types.StructType FAILURE = new org.apache.spark.sql.types.StructType()
      .add("ordinal", DataTypes.IntegerType, false)
      .add("rule_id", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, false);

  /**
   * A one-failure array when {@code condition} holds, else an empty one. Why arrays and not a
   * struct or null: a row's failures are then one concatenation, which Spark compiles, where
   * dropping the nulls took a higher-order function, which it runs uncompiled row by row (with
   * the fields taken out of the structs, 13% of the executors' samples in usage's second pass at
   * 1M citizens, where nearly every row fails a rule).
   */
  static Column failure(Column condition, Rule rule, Column reason) {
    // A reason is never null where its condition holds; coalesced so that its type says so.
    return when(coalesce(condition, lit(false)), array(struct(lit(rule.ordinal()).as("ordinal"),
        lit(rule.name()).as("rule_id"), coalesce(reason, lit("")).as("reason")))).otherwise(noFailures());
  }

  /** An empty array of failures. */
  static Column noFailures() {
    return array().cast(DataTypes.createArrayType(FAILURE, false));
  }

  /**
   * Adds {@code _typed_<column>} for every contract column and {@code _failures}; the text
   * columns stay for exact-duplicate and key comparisons.
   */
  static Dataset<Row> apply(Dataset<Row> raw, SourceContract contract, InputSpec input) {
    Dataset<Row> frame = raw;
    if (contract.name().equals(Contracts.SURVEY.name())) {
      // Age at interview from a date of birth, only where the file gives no age.
      Column dateOfBirth = call_function("try_to_date", col(RecordParser.DATE_OF_BIRTH), lit(ColumnSpec.DATE_FORMAT));
      Column interview = parse(col("interview_date"), contract.column("interview_date").orElseThrow(), input);
      Column derived = floor(months_between(interview, dateOfBirth).divide(12)).cast("int").cast("string");
      frame = frame.withColumn("age", when(col("age").isNull(), derived).otherwise(col("age")));
    }
    Failures failures = new Failures();
    Column wellFormed = col(RecordParser.MALFORMED).isNull();
    failures.add(col(RecordParser.ENCODING).isNotNull(), Rule.BAD_ENCODING,
        concat(lit("line: "), col(RecordParser.ENCODING)));
    failures.add(col(RecordParser.MALFORMED).isNotNull(), Rule.MALFORMED_RECORD,
        concat(lit("line: "), col(RecordParser.MALFORMED)));
    List<Column> typed = new ArrayList<>();
    for (ColumnSpec column : contract.columns()) {
      Column text = col(column.name());
      Column value = parse(text, column, input);
      typed.add(value.as(TYPED_PREFIX + column.name()));
      String name = column.name();
      boolean required = !column.nullable() || contract.keyColumns().contains(name);
      // Field rules are not applied to malformed lines: their fields do not line up with the header.
      if (required) {
        failures.add(wellFormed.and(text.isNull()), Rule.REQUIRED_MISSING,
            lit(name + ": required value is missing"));
      }
      if (!DataTypes.StringType.equals(column.type())) {
        failures.add(wellFormed.and(text.isNotNull()).and(value.isNull()), Rule.PARSE_TYPE,
            concat(lit(name + ": '"), text, lit("' is not " + typeName(column, input))));
      }
      Column outOfRange = lit(false);
      if (column.min() != null || column.max() != null) {
        Column below = column.min() == null ? lit(false) : value.lt(lit(column.min()));
        Column above = column.max() == null ? lit(false) : value.gt(lit(column.max()));
        outOfRange = value.isNotNull().and(below.or(above));
        failures.add(wellFormed.and(outOfRange), Rule.OUT_OF_RANGE,
            concat(lit(name + ": "), text, lit(" is outside " + range(column))));
      }
      if (!column.allowedValues().isEmpty()) {
        Column asText = DataTypes.StringType.equals(column.type()) ? value : value.cast("string");
        Column notAllowed = value.isNotNull().and(outOfRange.unary_$bang())
            .and(asText.isin(column.allowedValues().toArray()).unary_$bang());
        failures.add(wellFormed.and(notAllowed), Rule.NOT_ALLOWED_VALUE,
            concat(lit(name + ": '"), text, lit("' is not one of " + String.join(", ", column.allowedValues()))));
      }
      InputSpec.StudyWindow window = input.studyWindow();
      boolean temporal = DataTypes.DateType.equals(column.type()) || DataTypes.TimestampType.equals(column.type());
      if (window != null && temporal) {
        boolean date = DataTypes.DateType.equals(column.type());
        Column outside = lit(false);
        if (window.from() != null) {
          outside = outside.or(value.lt(date ? lit(java.sql.Date.valueOf(window.from()))
              : lit(Timestamp.from(window.from().atStartOfDay(ZoneOffset.UTC).toInstant()))));
        }
        if (window.to() != null) {
          outside = outside.or(date ? value.gt(lit(java.sql.Date.valueOf(window.to())))
              : value.geq(lit(Timestamp.from(window.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))));
        }
        failures.add(wellFormed.and(value.isNotNull()).and(outside), Rule.OUTSIDE_STUDY_WINDOW,
            concat(lit(name + ": "), text, lit(" is outside the study window " + window(window))));
      }
    }
    List<Column> all = new ArrayList<>(List.of(col("*")));
    all.addAll(typed);
    all.add(failures.any().unary_$bang().as(ROW_OK));
    // Only a failing row carries its failures (most rows pass: an empty array costs nothing to
    // move through the shuffle and the windows, 30-odd null structs do).
    all.add(when(failures.any(), failures.failed()).otherwise(noFailures()).as(FAILURES));
    return frame.select(all.toArray(Column[]::new));
  }

  /**
   * The failures of a row as rules are added: each a condition and the failure struct it gives.
   * Whether any failed is a plain boolean expression (compiled with the rest of the
   * projection), so that the array functions, which Spark evaluates row by row without code
   * generation, run on failing rows only.
   */
  static final class Failures {
    private final List<Column> structs = new ArrayList<>();
    private Column any = lit(false);

    /** Adds the failure of {@code rule} with {@code reason} when {@code condition} holds (a null condition does not). */
    void add(Column condition, Rule rule, Column reason) {
      structs.add(failure(condition, rule, reason));
      any = any.or(coalesce(condition, lit(false)));
    }

    /** True when some failure applies (never null). */
    Column any() {
      return any;
    }

    /** The failures that apply, in the order added. */
    Column failed() {
      return concat(structs.toArray(Column[]::new));
    }
  }

  /**
   * The typed value of a text column, or null when it does not parse. Integers and doubles may
   * group digits in threes with the input's thousands separator ({@code 1,954}; a separator
   * elsewhere, as in {@code 1,95}, does not parse); dates and timestamps try the input's
   * patterns in order; booleans read true/false, t/f, yes/no, y/n and 1/0 in any case.
   */
  static Column parse(Column text, ColumnSpec column, InputSpec input) {
    DataType type = column.type();
    if (DataTypes.IntegerType.equals(type)) {
      return ungrouped(text, input, false).try_cast(DataTypes.IntegerType);
    }
    if (DataTypes.DoubleType.equals(type)) {
      Column number = ungrouped(text, input, true).try_cast(DataTypes.DoubleType);
      return when(isnan(number).or(number.equalTo(Double.POSITIVE_INFINITY))
          .or(number.equalTo(Double.NEGATIVE_INFINITY)), lit(null).cast("double")).otherwise(number);
    }
    if (DataTypes.DateType.equals(type)) {
      return firstParsed(formats(column, input).stream()
          .map(pattern -> call_function("try_to_date", text, lit(pattern))).toList());
    }
    if (DataTypes.TimestampType.equals(type)) {
      return firstParsed(formats(column, input).stream().map(pattern -> timestamp(text, pattern)).toList());
    }
    if (DataTypes.BooleanType.equals(type)) {
      return text.try_cast(DataTypes.BooleanType);
    }
    return text;
  }

  /**
   * A timestamp parsed with a pattern. Text in the contract's own ISO form (say
   * {@code 2024-01-09T07:53:19Z}) is cast instead: Spark's cast parses it several times faster
   * than the pattern's formatter, which showed in ingest's profile, and for text of exactly that
   * shape both give the same instant or both none (IngestRulesTest compares them on every
   * combination of edge values).
   */
  static Column timestamp(Column text, String pattern) {
    Column formatted = try_to_timestamp(text, lit(zoneAware(pattern)));
    if (!pattern.equals(ColumnSpec.TIMESTAMP_FORMAT)) {
      return formatted;
    }
    return when(text.rlike(ISO_INSTANT), text.try_cast(DataTypes.TimestampType)).otherwise(formatted);
  }

  /** The shape of {@link ColumnSpec#TIMESTAMP_FORMAT}: digits where it has digits, and nothing around. */
  static final String ISO_INSTANT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";

  private static Column firstParsed(List<Column> attempts) {
    return attempts.size() == 1 ? attempts.get(0) : coalesce(attempts.toArray(Column[]::new));
  }

  /**
   * The number's text without its thousands separators when they group the integer digits in
   * threes; null when the separator appears anywhere else; the text itself without a separator.
   */
  private static Column ungrouped(Column text, InputSpec input, boolean real) {
    String separator = input.thousandsSeparator();
    if (separator == null) {
      return text;
    }
    String quoted = Pattern.quote(separator);
    String grouped = "^[+-]?[0-9]{1,3}(" + quoted + "[0-9]{3})+" + (real ? "(\\.[0-9]*)?([eE][+-]?[0-9]+)?" : "") + "$";
    return when(text.rlike(grouped), regexp_replace(text, quoted, ""))
        .when(text.contains(separator), lit(null).cast("string"))
        .otherwise(text);
  }

  /** The patterns a date or timestamp column is parsed with: the input's, else the contract's ISO format. */
  static List<String> formats(ColumnSpec column, InputSpec input) {
    List<String> declared = input.format() == InputSpec.Format.PARQUET ? List.of() : input.formats(column.name());
    return declared.isEmpty() ? List.of(column.format()) : declared;
  }

  /** A literal 'Z' in a pattern reads as offset zero, so the instant does not depend on the session time zone. */
  static String zoneAware(String pattern) {
    return pattern.endsWith("'Z'") ? pattern.substring(0, pattern.length() - 3) + "XXX" : pattern;
  }

  private static String typeName(ColumnSpec column, InputSpec input) {
    DataType type = column.type();
    String grouping = input.thousandsSeparator() == null ? ""
        : " (digits may be grouped in threes by '" + input.thousandsSeparator() + "')";
    if (DataTypes.IntegerType.equals(type)) {
      return "an integer" + grouping;
    }
    if (DataTypes.DoubleType.equals(type)) {
      return "a finite number" + grouping;
    }
    if (DataTypes.DateType.equals(type)) {
      return "a date (" + String.join(" or ", formats(column, input)) + ")";
    }
    if (DataTypes.TimestampType.equals(type)) {
      return "a timestamp (" + String.join(" or ", formats(column, input)) + ")";
    }
    if (DataTypes.BooleanType.equals(type)) {
      return "a boolean (true/false, yes/no, 1/0)";
    }
    return type.simpleString().toLowerCase(Locale.ROOT);
  }

  private static String range(ColumnSpec column) {
    return "[" + bound(column.min(), "-inf") + ", " + bound(column.max(), "inf") + "]";
  }

  private static String bound(Double value, String open) {
    if (value == null) {
      return open;
    }
    return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
  }

  private static String window(InputSpec.StudyWindow window) {
    return "[" + (window.from() == null ? "" : window.from()) + ", " + (window.to() == null ? "" : window.to()) + "]";
  }
}
