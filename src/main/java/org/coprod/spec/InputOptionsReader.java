package org.coprod.spec;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.coprod.ingest.PersonalColumns;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Reads the mapping keys of one {@code inputs.<source>} entry: how the files' text is read and
 * how their columns and values map onto the source's contract. Every contract column named here
 * is checked against the contract now, so a typo fails before Spark starts.
 *
 * <pre>
 * inputs:
 *   usage:
 *     path: ${data_root}/raw/events/*.csv.gz
 *     format: csv
 *     delimiter: ";"
 *     encoding: ISO-8859-1
 *     null_values: [NA, "-"]                  # besides the empty cell
 *     thousands_separator: ","                # "1,954" reads as 1954 in integer and double columns
 *     columns: {EventID: event_id, When: ts, Channel: channel}   # file names match ignoring case
 *     values: {channel: {"Citizens Connect App": app, "Self Service": web, "Constituent Call": phone}}
 *     constants: {service: street_lighting}
 *     formats: {ts: ["MM/dd/yyyy hh:mm:ss a", "M/d/yy H:mm"]}    # one pattern or several, tried in order
 *     personal_columns: [nombre, correo]
 *     study_window: {from: 2025-01-01, to: 2025-12-31}
 *     not_collected: [action]                 # contract columns the files do not have: null
 *     extra_columns:                          # the user's own typed columns, after the contract's
 *       request_type: {from: RequestType, type: string, description: "311 request type"}
 * </pre>
 *
 * Text options (delimiter, encoding, null_values, thousands_separator), formats and values are
 * read the same way for {@code tables.<name>} (see {@link TableSpecReader}).
 */
final class InputOptionsReader {

  /** Pattern letters Spark's datetime parser rejects (week-based fields, formatting-only fields). */
  private static final String UNSUPPORTED_PATTERN_LETTERS = "YwWuecEFqQABnNp";

  /**
   * How the text of files is read.
   *
   * @param thousandsSeparator one character, or null
   */
  record TextOptions(String delimiter, String encoding, List<String> nullValues, String thousandsSeparator) {}

  private InputOptionsReader() {}

  /** Reads the mapping keys of {@code entry}; the caller has read path and format and calls finish. */
  static InputSpec read(YamlNode entry, String source, String location, InputSpec.Format format) {
    String key = "inputs." + source;
    SourceContract base = Contracts.byName(source);
    TextOptions text = text(entry, key);
    List<String> personal = entry.stringList("personal_columns");
    Map<String, String> columns = new LinkedHashMap<>(entry.stringMap("columns"));
    requireDistinctIgnoringCase(key + ".columns", columns.keySet());
    List<String> notCollected = notCollected(entry, key, base);
    Set<String> taken = new HashSet<>(base.columnNames());
    if (source.equals("usage")) {
      taken.add("month"); // the clean usage table's partition column
    }
    List<ColumnDeclarations.Declared> declared = ColumnDeclarations.read(entry, "extra_columns",
        key + ".extra_columns", taken, "a column of " + source, new PersonalColumns(personal));
    List<ColumnSpec> extra = new ArrayList<>();
    for (ColumnDeclarations.Declared d : declared) {
      extra.add(d.column());
      String name = d.column().name();
      if (d.from() == null && columns.containsValue(name)) {
        continue; // already mapped by columns:, which says where it comes from
      }
      if (d.from() != null && columns.containsValue(name)) {
        throw new SpecException(key + ".extra_columns." + name + ".from: " + name + " is also mapped by " + key
            + ".columns (give one of them)");
      }
      // Mapped explicitly even when from is the name, so that no other mapping can take its file column.
      String from = d.from() == null ? name : d.from();
      addMapping(columns, from, name, key + ".extra_columns." + name
          + (d.from() == null ? " (read from the file column of its name; set from: to read another)" : ".from"),
          key + ".columns");
    }
    SourceContract contract = base.withNotCollected(notCollected).withExtraColumns(extra);
    Map<String, String> mappedFrom = new HashMap<>();
    columns.forEach((fileColumn, contractColumn) -> {
      requireColumn(contract, key + ".columns." + fileColumn, contractColumn);
      if (notCollected.contains(contractColumn)) {
        throw new SpecException(key + ".columns." + fileColumn + ": " + contractColumn
            + " is also listed in " + key + ".not_collected");
      }
      String previous = mappedFrom.put(contractColumn, fileColumn);
      if (previous != null) {
        throw new SpecException(key + ".columns: " + previous + " and " + fileColumn + " both map to " + contractColumn);
      }
    });
    Map<String, Map<String, String>> values = values(entry, key, contract);
    Map<String, String> constants = entry.stringMap("constants");
    constants.keySet().forEach(column -> {
      requireColumn(contract, key + ".constants", column);
      if (mappedFrom.containsKey(column)) {
        throw new SpecException(key + ".constants." + column + ": column is also mapped from " + mappedFrom.get(column));
      }
      if (notCollected.contains(column)) {
        throw new SpecException(key + ".constants." + column + ": column is also listed in " + key + ".not_collected");
      }
    });
    Map<String, List<String>> formats = formats(entry, key, contract);
    InputSpec.StudyWindow window = null;
    if (entry.has("study_window")) {
      YamlNode node = entry.child("study_window");
      LocalDate from = date(node, key + ".study_window.from", "from");
      LocalDate to = date(node, key + ".study_window.to", "to");
      node.finish();
      try {
        window = new InputSpec.StudyWindow(from, to);
      } catch (IllegalArgumentException e) {
        throw new SpecException(key + ".study_window: " + e.getMessage());
      }
    }
    return new InputSpec(source, location, format, text.delimiter(), text.encoding(), columns, values, constants,
        formats, personal, window, text.nullValues(), text.thousandsSeparator(), notCollected, extra);
  }

  /** delimiter, encoding, null_values and thousands_separator of an input or table entry. */
  static TextOptions text(YamlNode entry, String key) {
    String delimiter = entry.string("delimiter", ",");
    if (delimiter.length() != 1) {
      throw new SpecException("invalid " + key + ".delimiter: \"" + delimiter + "\" (must be one character)");
    }
    String encoding = entry.string("encoding", "UTF-8");
    if (!java.nio.charset.Charset.isSupported(encoding)) {
      throw new SpecException("invalid " + key + ".encoding: " + encoding + " (e.g. UTF-8, ISO-8859-1, windows-1252)");
    }
    List<String> nullValues = new ArrayList<>();
    for (String value : entry.stringList("null_values")) {
      String trimmed = value.trim();
      if (!trimmed.isEmpty() && !nullValues.contains(trimmed)) {
        nullValues.add(trimmed);
      }
    }
    String separator = entry.string("thousands_separator", null);
    if (separator != null && (separator.length() != 1 || Character.isLetterOrDigit(separator.charAt(0))
        || "+-.\"".indexOf(separator.charAt(0)) >= 0)) {
      throw new SpecException("invalid " + key + ".thousands_separator: \"" + separator
          + "\" (must be one character other than a letter, digit, sign, quote or '.', e.g. \",\" or \" \")");
    }
    return new TextOptions(delimiter, encoding, nullValues, separator);
  }

  /** The {@code values} mapping of an entry, per column of {@code contract}. */
  static Map<String, Map<String, String>> values(YamlNode entry, String key, SourceContract contract) {
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    YamlNode valuesNode = entry.child("values");
    for (String column : valuesNode.keys()) {
      requireColumn(contract, key + ".values", column);
      values.put(column, valuesNode.stringMap(column));
    }
    valuesNode.finish();
    return values;
  }

  /** The {@code formats} of an entry: per date or timestamp column of {@code contract}, patterns tried in order. */
  static Map<String, List<String>> formats(YamlNode entry, String key, SourceContract contract) {
    YamlNode node = entry.child("formats");
    Map<String, List<String>> formats = new LinkedHashMap<>();
    for (String column : List.copyOf(node.keys())) {
      ColumnSpec spec = requireColumn(contract, key + ".formats", column);
      String where = key + ".formats." + column;
      if (!org.apache.spark.sql.types.DataTypes.DateType.equals(spec.type())
          && !org.apache.spark.sql.types.DataTypes.TimestampType.equals(spec.type())) {
        throw new SpecException(where + ": not a date or timestamp column");
      }
      List<String> patterns = node.stringOrList(column);
      if (patterns.isEmpty()) {
        throw new SpecException(where + ": no pattern (give one pattern or a list, e.g. \"dd/MM/yyyy HH:mm\")");
      }
      for (String pattern : patterns) {
        checkPattern(where, pattern);
      }
      formats.put(column, patterns);
    }
    node.finish();
    return formats;
  }

  /** A pattern Java's formatter accepts and Spark's parser supports; AM/PM and month names parse in English. */
  private static void checkPattern(String where, String pattern) {
    try {
      java.time.format.DateTimeFormatter.ofPattern(pattern, Locale.US);
    } catch (IllegalArgumentException e) {
      throw new SpecException("invalid " + where + ": " + pattern + " (" + e.getMessage() + ")");
    }
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && UNSUPPORTED_PATTERN_LETTERS.indexOf(c) >= 0) {
        throw new SpecException("invalid " + where + ": " + pattern + " (letter '" + c + "' is not supported for "
            + "parsing; use y, M, d, H, h, m, s, S, a, X, Z, z, V, D, L)");
      }
    }
  }

  private static List<String> notCollected(YamlNode entry, String key, SourceContract base) {
    List<String> names = entry.stringList("not_collected");
    Set<String> seen = new HashSet<>();
    for (String column : names) {
      requireColumn(base, key + ".not_collected", column);
      if (base.keyColumns().contains(column)) {
        throw new SpecException(key + ".not_collected: " + column + " is a key column of " + base.name()
            + " and must be collected (key columns: " + String.join(", ", base.keyColumns()) + ")");
      }
      if (!seen.add(column)) {
        throw new SpecException(key + ".not_collected: " + column + " is listed twice");
      }
    }
    return names;
  }

  /** Adds {@code fileColumn -> target} unless a key equal ignoring case is already there. */
  private static void addMapping(Map<String, String> columns, String fileColumn, String target, String where,
      String columnsKey) {
    for (String existing : columns.keySet()) {
      if (existing.equalsIgnoreCase(fileColumn)) {
        throw new SpecException(where + ": " + fileColumn + " is also mapped by " + columnsKey + "." + existing);
      }
    }
    columns.put(fileColumn, target);
  }

  /** File column names are matched ignoring case, so two keys differing only in case are ambiguous. */
  static void requireDistinctIgnoringCase(String key, Iterable<String> names) {
    Map<String, String> lower = new HashMap<>();
    for (String name : names) {
      String previous = lower.put(name.trim().toLowerCase(Locale.ROOT), name);
      if (previous != null) {
        throw new SpecException(key + ": " + previous + " and " + name
            + " name the same file column (file columns are matched ignoring case)");
      }
    }
  }

  private static LocalDate date(YamlNode node, String key, String name) {
    String text = node.string(name, null);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new SpecException("invalid " + key + ": " + text + " (expected yyyy-MM-dd)");
    }
  }

  static ColumnSpec requireColumn(SourceContract contract, String key, String column) {
    return contract.column(column).orElseThrow(() -> new SpecException(key + ": " + column
        + " is not a column of " + contract.name() + " (columns: " + String.join(", ", contract.columnNames()) + ")"));
  }
}
