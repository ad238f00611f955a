package org.coprod.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Formats a few rows of a table for people: aligned text, CSV (RFC 4180) or JSON Lines. */
public final class TablePrinter {

  private TablePrinter() {}

  public static String text(StructType schema, List<Row> rows) {
    String[] names = schema.fieldNames();
    List<String[]> cells = new ArrayList<>();
    int[] widths = new int[names.length];
    for (int j = 0; j < names.length; j++) {
      widths[j] = names[j].length();
    }
    for (Row row : rows) {
      String[] line = new String[names.length];
      for (int j = 0; j < names.length; j++) {
        line[j] = cell(row.get(j));
        widths[j] = Math.max(widths[j], line[j].length());
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, names, widths);
    for (String[] line : cells) {
      appendLine(out, line, widths);
    }
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] line, int[] widths) {
    for (int j = 0; j < line.length; j++) {
      if (j > 0) {
        out.append("  ");
      }
      out.append(String.format(Locale.ROOT, "%-" + Math.max(1, widths[j]) + "s", line[j]));
    }
    out.append('\n');
  }

  public static String csv(StructType schema, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", List.of(schema.fieldNames()).stream().map(TablePrinter::quote).toList())).append('\n');
    for (Row row : rows) {
      List<String> line = new ArrayList<>();
      for (int j = 0; j < schema.size(); j++) {
        line.add(row.isNullAt(j) ? "" : quote(cell(row.get(j))));
      }
      out.append(String.join(",", line)).append('\n');
    }
    return out.toString();
  }

  public static String json(StructType schema, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      out.append(row.json()).append('\n');
    }
    return out.toString();
  }

  static String cell(Object value) {
    if (value == null) {
      return "NA";
    }
    if (value instanceof Double d) {
      return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.6g", d);
    }
    return String.valueOf(value);
  }

  private static String quote(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

}
