package org.coprod.ingest.contract;

import java.util.List;
import java.util.Locale;

/**
 * Renders the input contract as Markdown for {@code data/README.md}. The README embeds the
 * output between {@link #BEGIN} and {@link #END}; a test compares them so the documentation
 * cannot drift from the code.
 */
public final class DataDictionary {

  public static final String BEGIN = "<!-- BEGIN GENERATED DATA DICTIONARY: do not edit, see DataDictionary.java -->";
  public static final String END = "<!-- END GENERATED DATA DICTIONARY -->";

  private DataDictionary() {}

  /** The Markdown of every source, between the markers. */
  public static String markdown(List<SourceContract> sources) {
    StringBuilder out = new StringBuilder(BEGIN).append('\n');
    for (SourceContract source : sources) {
      out.append('\n').append("### ").append(source.name()).append("\n\n");
      out.append("Grain: ").append(source.grain()).append(". Required keys: ")
          .append(code(source.keyColumns())).append(". Unique key: ")
          .append(code(source.uniqueKey())).append(".\n\n");
      out.append("| column | type | unit | allowed | nullable | description |\n");
      out.append("|---|---|---|---|---|---|\n");
      for (ColumnSpec column : source.columns()) {
        boolean nullable = column.nullable() && !source.keyColumns().contains(column.name());
        out.append("| `").append(column.name()).append("` | ")
            .append(column.type().simpleString()).append(" | ")
            .append(column.unit()).append(" | ")
            .append(allowed(column)).append(" | ")
            .append(nullable ? "yes" : "no").append(" | ")
            .append(column.description().replace("|", "\\|")).append(" |\n");
      }
    }
    return out.append('\n').append(END).append('\n').toString();
  }

  private static String allowed(ColumnSpec column) {
    if (!column.allowedValues().isEmpty()) {
      return String.join(", ", column.allowedValues());
    }
    if (column.format() != null) {
      return "`" + column.format() + "`";
    }
    if (column.min() != null || column.max() != null) {
      return "[" + number(column.min()) + ", " + number(column.max()) + "]";
    }
    return "any";
  }

  private static String number(Double x) {
    if (x == null) {
      return "inf";
    }
    return x == Math.rint(x) ? String.format(Locale.ROOT, "%d", x.longValue()) : String.format(Locale.ROOT, "%s", x);
  }

  private static String code(List<String> names) {
    return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
  }
}
