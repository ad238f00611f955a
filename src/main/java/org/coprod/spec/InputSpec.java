package org.coprod.spec;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.SourceContract;

/**
 * Where one source's (or one declared table's) files are (a path or glob on any Hadoop
 * filesystem), their format, how their text is read, and how their columns and values map onto
 * the contract.
 *
 * @param source source name (survey, usage, links, neighbourhoods, municipalities) or table name
 * @param location resolved path or URI (relative paths are resolved against the spec's folder)
 * @param format csv (with header), json (JSON Lines) or parquet
 * @param delimiter CSV field delimiter, one character
 * @param encoding character set of CSV and JSON files (UTF-8 unless declared)
 * @param columns file column name to contract column name; unnamed columns keep their name. File
 *     columns match these keys and contract column names ignoring case
 * @param values per contract column, file value to contract value (e.g. "Self Service" to web)
 * @param constants contract columns that the files lack, filled with one value
 * @param formats per date or timestamp contract column, {@link java.time.format.DateTimeFormatter}
 *     patterns tried in order, replacing the contract's ISO format (text files only)
 * @param personalColumns further file columns holding personal data, dropped like the defaults
 * @param studyWindow inclusive dates outside which the source's dates and timestamps are rejected,
 *     or null for no window
 * @param nullValues cell texts (compared after trimming) read as missing, besides the empty text
 * @param thousandsSeparator one character grouping the digits of integer and double cells in
 *     threes ({@code "1,954"}), or null
 * @param notCollected contract columns this source does not have: null in its clean table
 * @param extraColumns the user's own typed columns, carried after the contract's (always nullable)
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
    Map<String, List<String>> formats,
    List<String> personalColumns,
    StudyWindow studyWindow,
    List<String> nullValues,
    String thousandsSeparator,
    List<String> notCollected,
    List<ColumnSpec> extraColumns) {

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
    if (thousandsSeparator != null && thousandsSeparator.length() != 1) {
      throw new IllegalArgumentException("invalid thousands separator: \"" + thousandsSeparator
          + "\" (must be one character)");
    }
    columns = Map.copyOf(requireNonNull(columns, "columns is null"));
    values = Map.copyOf(requireNonNull(values, "values is null"));
    constants = Map.copyOf(requireNonNull(constants, "constants is null"));
    Map<String, List<String>> patterns = new LinkedHashMap<>();
    requireNonNull(formats, "formats is null").forEach((column, list) -> {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no format pattern for " + column);
      }
      patterns.put(column, List.copyOf(list));
    });
    formats = Map.copyOf(patterns);
    personalColumns = List.copyOf(requireNonNull(personalColumns, "personalColumns is null"));
    nullValues = List.copyOf(requireNonNull(nullValues, "nullValues is null"));
    notCollected = List.copyOf(requireNonNull(notCollected, "notCollected is null"));
    extraColumns = List.copyOf(requireNonNull(extraColumns, "extraColumns is null"));
  }

  /** An input read as it is: contract column names and values, UTF-8, no window. */
  public InputSpec(String source, String location, Format format, String delimiter) {
    this(source, location, format, delimiter, "UTF-8", Map.of(), Map.of(), Map.of(), Map.of(), List.of(), null,
        List.of(), null, List.of(), List.of());
  }

  /** The job-spec key of this input: {@code inputs.<source>}, or {@code tables.<name>} for a declared table. */
  public String specKey() {
    return (JobSpec.SOURCES.contains(source) ? "inputs." : "tables.") + source;
  }

  /**
   * The contract this input is validated against: {@code base} with the not-collected columns
   * nullable and the extra columns appended.
   */
  public SourceContract contract(SourceContract base) {
    return base.withNotCollected(notCollected).withExtraColumns(extraColumns);
  }

  /** The date or timestamp patterns declared for a column, in the order they are tried, or an empty list. */
  public List<String> formats(String column) {
    return formats.getOrDefault(column, List.of());
  }

  public InputSpec withColumns(Map<String, String> value) {
    return with(b -> b.columns = value);
  }

  public InputSpec withValues(Map<String, Map<String, String>> value) {
    return with(b -> b.values = value);
  }

  public InputSpec withConstants(Map<String, String> value) {
    return with(b -> b.constants = value);
  }

  /** One pattern per column (see {@link #withFormatLists} for several). */
  public InputSpec withFormats(Map<String, String> value) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    value.forEach((column, pattern) -> lists.put(column, List.of(pattern)));
    return withFormatLists(lists);
  }

  public InputSpec withFormatLists(Map<String, List<String>> value) {
    return with(b -> b.formats = value);
  }

  public InputSpec withEncoding(String value) {
    return with(b -> b.encoding = value);
  }

  public InputSpec withPersonalColumns(List<String> value) {
    return with(b -> b.personalColumns = value);
  }

  public InputSpec withStudyWindow(StudyWindow value) {
    return with(b -> b.studyWindow = value);
  }

  public InputSpec withNullValues(List<String> value) {
    return with(b -> b.nullValues = value);
  }

  public InputSpec withThousandsSeparator(String value) {
    return with(b -> b.thousandsSeparator = value);
  }

  public InputSpec withNotCollected(List<String> value) {
    return with(b -> b.notCollected = value);
  }

  public InputSpec withExtraColumns(List<ColumnSpec> value) {
    return with(b -> b.extraColumns = value);
  }

  private InputSpec with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The mutable copy behind the {@code withX} methods. */
  private static final class Copy {
    private final String source;
    private final String location;
    private final Format format;
    private final String delimiter;
    private String encoding;
    private Map<String, String> columns;
    private Map<String, Map<String, String>> values;
    private Map<String, String> constants;
    private Map<String, List<String>> formats;
    private List<String> personalColumns;
    private StudyWindow studyWindow;
    private List<String> nullValues;
    private String thousandsSeparator;
    private List<String> notCollected;
    private List<ColumnSpec> extraColumns;

    Copy(InputSpec input) {
      source = input.source;
      location = input.location;
      format = input.format;
      delimiter = input.delimiter;
      encoding = input.encoding;
      columns = input.columns;
      values = input.values;
      constants = input.constants;
      formats = input.formats;
      personalColumns = input.personalColumns;
      studyWindow = input.studyWindow;
      nullValues = input.nullValues;
      thousandsSeparator = input.thousandsSeparator;
      notCollected = input.notCollected;
      extraColumns = input.extraColumns;
    }

    InputSpec build() {
      return new InputSpec(source, location, format, delimiter, encoding, columns, values, constants, formats,
          personalColumns, studyWindow, nullValues, thousandsSeparator, notCollected, extraColumns);
    }
  }
}
