package org.coprod.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the small CSV files R writes for golden tests (header, optional double quotes, NA). */
public final class GoldenCsv {

  private final List<String> header;
  private final List<List<String>> rows;

  private GoldenCsv(List<String> header, List<List<String>> rows) {
    this.header = header;
    this.rows = rows;
  }

  public static GoldenCsv read(Path path) {
    try {
      List<String> lines = Files.readAllLines(path);
      List<String> header = split(lines.get(0));
      List<List<String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          rows.add(split(line));
        }
      }
      return new GoldenCsv(header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path golden(String... parts) {
    return Path.of("src/test/resources/golden", parts);
  }

  private static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  public String text(int row, String column) {
    return rows.get(row).get(index(column));
  }

  public double number(int row, String column) {
    String value = text(row, column);
    return value.equals("NA") ? Double.NaN : Double.parseDouble(value);
  }

  public Map<String, String> row(int row) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      values.put(header.get(i), rows.get(row).get(i));
    }
    return values;
  }

  private int index(String column) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + header);
    }
    return i;
  }
}
