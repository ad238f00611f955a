package org.coprod.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;

/** Small hand-made input files: valid rows of every source, which tests then spoil one cell at a time. */
public final class IngestFixtures {

  public static final String DEMO_KEY = "test-demo-key";

  private IngestFixtures() {}

  /** A valid row of a source; {@code i} makes its identifiers distinct. */
  public static Map<String, String> validRow(SourceContract contract, int i) {
    Map<String, String> row = new LinkedHashMap<>();
    for (ColumnSpec column : contract.columns()) {
      row.put(column.name(), validValue(column, i));
    }
    switch (contract.name()) {
      case "municipalities" -> row.put("municipality_id", "M" + i);
      case "neighbourhoods" -> {
        row.put("neighbourhood_id", "N" + i);
        row.put("municipality_id", "M1");
      }
      case "survey" -> {
        row.put("respondent_id", "R" + i);
        row.put("neighbourhood_id", "N1");
      }
      case "links" -> {
        row.put("respondent_id", "R" + i);
        row.put("account_id", "A" + i);
      }
      case "usage" -> {
        row.put("event_id", "E" + i);
        row.put("account_id", "A" + i);
        row.put("neighbourhood_id", "N1");
      }
      default -> throw new IllegalArgumentException(contract.name());
    }
    return row;
  }

  /** Valid rows 1 to {@code n} of a source ({@link #validRow}), in a list a test may change. */
  public static List<Map<String, String>> validRows(SourceContract contract, int n) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(validRow(contract, i));
    }
    return rows;
  }

  private static String validValue(ColumnSpec column, int i) {
    if (!column.allowedValues().isEmpty()) {
      return column.allowedValues().get(i % column.allowedValues().size());
    }
    if (DataTypes.DateType.equals(column.type())) {
      return "2025-03-0" + (1 + i % 9);
    }
    if (DataTypes.TimestampType.equals(column.type())) {
      return "2025-03-0" + (1 + i % 9) + "T10:00:00Z";
    }
    if (DataTypes.IntegerType.equals(column.type())) {
      return String.valueOf(column.min() == null ? 1 : column.min().intValue() + (column.name().equals("age") ? 20 : 0));
    }
    if (DataTypes.DoubleType.equals(column.type())) {
      double low = column.min() == null ? 0 : column.min();
      double high = column.max() == null ? low + 10 : column.max();
      return String.valueOf(low + (high - low) / 2);
    }
    return "value_" + i;
  }

  /** Writes rows as CSV with the given header (values looked up by header name, blank when absent). */
  public static Path writeCsv(Path file, List<String> header, List<Map<String, String>> rows) {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", header));
    for (Map<String, String> row : rows) {
      lines.add(String.join(",", header.stream().map(h -> row.getOrDefault(h, "")).toList()));
    }
    return writeLines(file, lines);
  }

  public static Path writeLines(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Valid CSV files of all five sources under {@code root/<source>/part-0.csv}, {@code n} rows each. */
  public static Map<String, Path> writeValidSources(Path root, int n) {
    Map<String, Path> paths = new LinkedHashMap<>();
    for (SourceContract contract : Contracts.all()) {
      Path file = writeCsv(root.resolve(contract.name()).resolve("part-0.csv"), contract.columnNames(),
          validRows(contract, n));
      paths.put(contract.name(), file.getParent());
    }
    return paths;
  }

  /** A job spec reading the given CSV locations, with the demo key. */
  public static JobSpec spec(Map<String, Path> locations, Map<String, InputSpec> overrides) {
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    locations.forEach((source, path) ->
        inputs.put(source, new InputSpec(source, path.toString(), InputSpec.Format.CSV, ",")));
    inputs.putAll(overrides);
    return new JobSpec("test", inputs, "unused", "COPROD_TEST_KEY_THAT_IS_NOT_SET", DEMO_KEY, 10, List.of());
  }
}
