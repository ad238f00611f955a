package org.coprod.spec;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Reads the mapping keys of one {@code inputs.<source>} entry: how the files' columns and values
 * map onto the source's contract. Every contract column named here is checked against the
 * contract now, so a typo fails before Spark starts.
 *
 * <pre>
 * inputs:
 *   usage:
 *     path: raw/events/*.csv.gz
 *     format: csv
 *     delimiter: ";"
 *     encoding: ISO-8859-1
 *     columns: {EventID: event_id, AccountRef: account_id, When: ts, Channel: channel}
 *     values: {channel: {"Citizens Connect App": app, "Self Service": web, "Constituent Call": phone}}
 *     constants: {service: street_lighting}
 *     formats: {ts: "dd/MM/yyyy HH:mm"}
 *     personal_columns: [nombre, correo]
 *     study_window: {from: 2025-01-01, to: 2025-12-31}
 * </pre>
 */
final class InputOptionsReader {

  private InputOptionsReader() {}

  /** Reads the mapping keys of {@code entry}; the caller has read path and format and calls finish. */
  static InputSpec read(YamlNode entry, String source, String location, InputSpec.Format format) {
    String key = "inputs." + source;
    SourceContract contract = Contracts.byName(source);
    String delimiter = entry.string("delimiter", ",");
    if (delimiter.length() != 1) {
      throw new SpecException("invalid " + key + ".delimiter: \"" + delimiter + "\" (must be one character)");
    }
    String encoding = entry.string("encoding", "UTF-8");
    if (!java.nio.charset.Charset.isSupported(encoding)) {
      throw new SpecException("invalid " + key + ".encoding: " + encoding + " (e.g. UTF-8, ISO-8859-1, windows-1252)");
    }
    Map<String, String> columns = entry.stringMap("columns");
    Map<String, String> mappedFrom = new HashMap<>();
    columns.forEach((fileColumn, contractColumn) -> {
      requireContractColumn(contract, key + ".columns." + fileColumn, contractColumn);
      String previous = mappedFrom.put(contractColumn, fileColumn);
      if (previous != null) {
        throw new SpecException(key + ".columns: " + previous + " and " + fileColumn + " both map to " + contractColumn);
      }
    });
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    YamlNode valuesNode = entry.child("values");
    for (String column : valuesNode.keys()) {
      requireContractColumn(contract, key + ".values", column);
      values.put(column, valuesNode.stringMap(column));
    }
    valuesNode.finish();
    Map<String, String> constants = entry.stringMap("constants");
    constants.keySet().forEach(column -> {
      requireContractColumn(contract, key + ".constants", column);
      if (mappedFrom.containsKey(column)) {
        throw new SpecException(key + ".constants." + column + ": column is also mapped from " + mappedFrom.get(column));
      }
    });
    Map<String, String> formats = entry.stringMap("formats");
    formats.forEach((column, pattern) -> {
      ColumnSpec spec = requireContractColumn(contract, key + ".formats", column);
      if (!DataTypes.DateType.equals(spec.type()) && !DataTypes.TimestampType.equals(spec.type())) {
        throw new SpecException(key + ".formats." + column + ": not a date or timestamp column");
      }
      try {
        DateTimeFormatter.ofPattern(pattern);
      } catch (IllegalArgumentException e) {
        throw new SpecException("invalid " + key + ".formats." + column + ": " + pattern + " (" + e.getMessage() + ")");
      }
    });
    List<String> personal = entry.stringList("personal_columns");
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
    return new InputSpec(source, location, format, delimiter, encoding, columns, values, constants, formats, personal,
        window);
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

  private static ColumnSpec requireContractColumn(SourceContract contract, String key, String column) {
    return contract.column(column).orElseThrow(() -> new SpecException(key + ": " + column
        + " is not a column of " + contract.name() + " (columns: " + String.join(", ", contract.columnNames()) + ")"));
  }
}
