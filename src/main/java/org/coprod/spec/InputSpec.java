package org.coprod.spec;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Where one source's files are (a path or glob on any Hadoop filesystem), their format, and how
 * their columns and values map onto the source's contract.
 *
 * @param source source name (survey, usage, links, neighbourhoods, municipalities)
 * @param location resolved path or URI (relative paths are resolved against the spec's folder)
 * @param format csv (with header), json (JSON Lines) or parquet
 * @param delimiter CSV field delimiter, one character
 * @param encoding character set of CSV and JSON files (UTF-8 unless declared)
 * @param columns file column name to contract column name; unnamed columns keep their name
 * @param values per contract column, file value to contract value (e.g. "Self Service" to web)
 * @param constants contract columns that the files lack, filled with one value
 * @param formats per date or timestamp contract column, a {@link java.time.format.DateTimeFormatter}
 *     pattern replacing the contract's ISO format (text files only)
 * @param personalColumns further file columns holding personal data, dropped like the defaults
 * @param studyWindow inclusive dates outside which the source's dates and timestamps are rejected,
 *     or null for no window
 */
public record InputSpec(
    String source,
    String location,
    Format format,
    String delimiter,
    String encoding,
    Map<String, String> columns,
    Map<String, Map<String, String>> values,
    Map<String, String> constants,
    Map<String, String> formats,
    List<String> personalColumns,
    StudyWindow studyWindow) {

  public enum Format {
    CSV,
    JSON,
    PARQUET
  }

  /**
   * Inclusive study window in UTC calendar dates; either end may be open (null).
   *
   * @param from first day inside the window, or null
   * @param to last day inside the window, or null
   */
  public record StudyWindow(LocalDate from, LocalDate to) {
    public StudyWindow {
      if (from == null && to == null) {
        throw new IllegalArgumentException("study window needs from, to or both");
      }
      if (from != null && to != null && from.isAfter(to)) {
        throw new IllegalArgumentException("invalid study window: from " + from + " is after to " + to);
      }
    }
  }

  public InputSpec {
    requireNonNull(source, "source is null");
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(delimiter, "delimiter is null");
    requireNonNull(encoding, "encoding is null");
    if (delimiter.length() != 1) {
      throw new IllegalArgumentException("invalid delimiter: \"" + delimiter + "\" (must be one character)");
    }
    if (!Charset.isSupported(encoding)) {
      throw new IllegalArgumentException("unsupported encoding: " + encoding);
    }
    columns = Map.copyOf(requireNonNull(columns, "columns is null"));
    values = Map.copyOf(requireNonNull(values, "values is null"));
    constants = Map.copyOf(requireNonNull(constants, "constants is null"));
    formats = Map.copyOf(requireNonNull(formats, "formats is null"));
    personalColumns = List.copyOf(requireNonNull(personalColumns, "personalColumns is null"));
  }

  /** An input read as it is: contract column names and values, UTF-8, no window. */
  public InputSpec(String source, String location, Format format, String delimiter) {
    this(source, location, format, delimiter, "UTF-8", Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null);
  }

  public InputSpec withColumns(Map<String, String> value) {
    return new InputSpec(source, location, format, delimiter, encoding, value, values, constants, formats,
        personalColumns, studyWindow);
  }

  public InputSpec withValues(Map<String, Map<String, String>> value) {
    return new InputSpec(source, location, format, delimiter, encoding, columns, value, constants, formats,
        personalColumns, studyWindow);
  }

  public InputSpec withConstants(Map<String, String> value) {
    return new InputSpec(source, location, format, delimiter, encoding, columns, values, value, formats,
        personalColumns, studyWindow);
  }

  public InputSpec withFormats(Map<String, String> value) {
    return new InputSpec(source, location, format, delimiter, encoding, columns, values, constants, value,
        personalColumns, studyWindow);
  }

  public InputSpec withEncoding(String value) {
    return new InputSpec(source, location, format, delimiter, value, columns, values, constants, formats,
        personalColumns, studyWindow);
  }

  public InputSpec withPersonalColumns(List<String> value) {
    return new InputSpec(source, location, format, delimiter, encoding, columns, values, constants, formats, value,
        studyWindow);
  }

  public InputSpec withStudyWindow(StudyWindow value) {
    return new InputSpec(source, location, format, delimiter, encoding, columns, values, constants, formats,
        personalColumns, value);
  }
}
