package org.coprod.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares the tables of two coprod runs (the run that {@code OUT/latest} names), read with
 * DuckDB as a notebook would: the same tables, the same columns and types, the same row
 * counts, and row by row the same values, numbers within a tolerance. Columns that differ by
 * nature between runs are left out: {@code run_id} and timings ({@code *_seconds}).
 *
 * <p>A number matches when {@code |a - b| <= tolerance * max(1, |a|, |b|)}: absolute near
 * zero, relative for large values such as log-likelihoods. Text that carries numbers (a
 * convergence message with the final gradient) matches when the words are equal and the
 * numbers match by the same rule. Where a table records an input location (quarantine.file),
 * each {@link Side} names its input folder, and text is compared with that folder written as
 * {@code {in}}: a file read from {@code hdfs://.../in/usage/part-00000.csv} and one read from
 * {@code /tmp/.../in/usage/part-00000.csv} are the same file.
 */
final class RunTables {

  private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
  private static final Set<String> FLOATING = Set.of("DOUBLE", "FLOAT", "REAL");
  private static final int MAX_REPORTED = 25;

  private RunTables() {}

  static boolean ignored(String column) {
    return column.equals("run_id") || column.endsWith("_seconds");
  }

  /** The folder of the run that {@code output/latest} names. */
  static Path latestRun(Path output) throws IOException {
    return output.resolve("runs").resolve(Files.readString(output.resolve("latest")).trim());
  }

  /** The table folders of a run, by name. */
  static Set<String> tables(Path run) throws IOException {
    try (Stream<Path> entries = Files.list(run)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith(".")).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * The outcome of a comparison: the differences beyond the tolerance (empty when the runs
   * agree), row counts per table, and the largest scaled difference between two numbers
   * ({@code |a - b| / max(1, |a|, |b|)}) with where it was, to show how close "equal" is.
   */
  record Comparison(
      List<String> differences, Map<String, Long> counts, double largestScaledDifference, String largestAt,
      Map<String, Double> largestByTable) {

    /** The tables whose numbers are bit-for-bit equal, and the largest scaled difference in each of the others. */
    String perTable() {
      List<String> identical = new ArrayList<>();
      List<String> close = new ArrayList<>();
      largestByTable.forEach((table, largest) -> {
        if (largest == 0) {
          identical.add(table);
        } else {
          close.add(String.format(java.util.Locale.ROOT, "%s %.2g", table, largest));
        }
      });
      return "bit-identical: " + identical + "; within tolerance: " + close;
    }
  }

  /** One run to compare: its folder, and the input folder(s) its tables may name, in every spelling they may take. */
  record Side(Path run, List<String> inputLocations) {
    Side {
      java.util.Objects.requireNonNull(run, "run is null");
      // Longest first, so that "file:/tmp/in" is replaced before its suffix "/tmp/in".
      inputLocations = inputLocations.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    }

    Object relative(Object value) {
      if (value instanceof String text) {
        for (String location : inputLocations) {
          text = text.replace(location, "{in}");
        }
        return text;
      }
      if (value instanceof List<?> list) {
        return list.stream().map(this::relative).toList();
      }
      return value;
    }
  }

  static Comparison compare(Path expectedRun, Path actualRun, double tolerance) throws IOException, SQLException {
    return compare(new Side(expectedRun, List.of()), new Side(actualRun, List.of()), tolerance);
  }

  static Comparison compare(Side expectedSide, Side actualSide, double tolerance) throws IOException, SQLException {
    Path expectedRun = expectedSide.run();
    Path actualRun = actualSide.run();
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Double> largestByTable = new LinkedHashMap<>();
    double largest = 0;
    String largestAt = "";
    List<String> differences = new ArrayList<>();
    Set<String> expectedTables = tables(expectedRun);
    Set<String> actualTables = tables(actualRun);
    if (!expectedTables.equals(actualTables)) {
      differences.add("tables differ: expected " + expectedTables + ", got " + actualTables);
    }
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String table : expectedTables) {
        if (!actualTables.contains(table)) {
          continue;
        }
        Map<String, String> expectedColumns = columns(duckdb, expectedRun.resolve(table));
        Map<String, String> actualColumns = columns(duckdb, actualRun.resolve(table));
        if (!expectedColumns.equals(actualColumns)) {
          differences.add(table + ": columns differ: expected " + expectedColumns + ", got " + actualColumns);
          continue;
        }
        List<Object[]> expected = rows(duckdb, expectedRun.resolve(table), expectedColumns);
        List<Object[]> actual = rows(duckdb, actualRun.resolve(table), expectedColumns);
        counts.put(table, (long) expected.size());
        if (expected.size() != actual.size()) {
          differences.add(table + ": " + expected.size() + " rows expected, " + actual.size() + " found");
          continue;
        }
        List<String> names = orderedColumns(expectedColumns);
        double largestInTable = 0;
        for (int r = 0; r < expected.size() && differences.size() < MAX_REPORTED; r++) {
          for (int c = 0; c < names.size(); c++) {
            Object a = expectedSide.relative(expected.get(r)[c]);
            Object b = actualSide.relative(actual.get(r)[c]);
            if (a instanceof Double x && b instanceof Double y && Double.isFinite(x) && Double.isFinite(y)) {
              double scaled = Math.abs(x - y) / Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
              largestInTable = Math.max(largestInTable, scaled);
              if (scaled > largest) {
                largest = scaled;
                largestAt = table + "." + names.get(c) + " (" + x + " vs " + y + ")";
              }
            }
            if (!same(a, b, tolerance)) {
              differences.add(table + " row " + r + " " + names.get(c) + ": expected " + a + ", got " + b
                  + (a instanceof Number && b instanceof Number ? " (difference " + (((Number) a).doubleValue() - ((Number) b).doubleValue()) + ")" : ""));
            }
          }
        }
        largestByTable.put(table, largestInTable);
      }
    }
    return new Comparison(differences, counts, largest, largestAt, largestByTable);
  }

  private static Map<String, String> columns(Connection duckdb, Path table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Statement statement = duckdb.createStatement();
        ResultSet described = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + glob(table) + "')")) {
      while (described.next()) {
        String name = described.getString("column_name");
        if (!ignored(name)) {
          columns.put(name, described.getString("column_type"));
        }
      }
    }
    return columns;
  }

  /** Keys first (every non-floating column), then the numbers: a stable order whatever ULPs the numbers differ by. */
  private static List<String> orderedColumns(Map<String, String> columns) {
    List<String> ordered = new ArrayList<>();
    columns.forEach((name, type) -> {
      if (!FLOATING.contains(type)) {
        ordered.add(name);
      }
    });
    columns.forEach((name, type) -> {
      if (FLOATING.contains(type)) {
        ordered.add(name);
      }
    });
    return ordered;
  }

  private static List<Object[]> rows(Connection duckdb, Path table, Map<String, String> columns) throws SQLException {
    List<String> ordered = orderedColumns(columns);
    String list = String.join(", ", ordered.stream().map(c -> '"' + c + '"').toList());
    List<String> keys = ordered.stream().filter(c -> !FLOATING.contains(columns.get(c)) && !columns.get(c).endsWith("[]")).map(c -> '"' + c + '"').toList();
    String sql = "SELECT " + list + " FROM read_parquet('" + glob(table) + "')"
        + (keys.isEmpty() ? "" : " ORDER BY " + String.join(", ", keys.stream().map(k -> k + " NULLS FIRST").toList()));
    List<Object[]> rows = new ArrayList<>();
    try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        Object[] row = new Object[ordered.size()];
        for (int c = 0; c < row.length; c++) {
          Object value = result.getObject(c + 1);
          row[c] = value instanceof java.sql.Array array ? List.of((Object[]) array.getArray()) : value;
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String glob(Path table) {
    return table.toAbsolutePath() + "/*.parquet";
  }

  static boolean same(Object a, Object b, double tolerance) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Double || a instanceof Float) {
      return closeEnough(((Number) a).doubleValue(), ((Number) b).doubleValue(), tolerance);
    }
    if (a instanceof String s && b instanceof String t) {
      return s.equals(t) || sameTextWithNumbers(s, t, tolerance);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i), tolerance)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static boolean closeEnough(double a, double b, double tolerance) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= tolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static boolean sameTextWithNumbers(String a, String b, double tolerance) {
    if (!NUMBER.matcher(a).replaceAll("#").equals(NUMBER.matcher(b).replaceAll("#"))) {
      return false;
    }
    Matcher x = NUMBER.matcher(a);
    Matcher y = NUMBER.matcher(b);
    while (x.find() && y.find()) {
      if (!closeEnough(Double.parseDouble(x.group()), Double.parseDouble(y.group()), tolerance)) {
        return false;
      }
    }
    return true;
  }
}
