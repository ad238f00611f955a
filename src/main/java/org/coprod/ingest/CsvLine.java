package org.coprod.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 quoting: a quoted field may hold the delimiter and
 * doubled quotes; quoted line breaks are not supported because files are read line by line).
 *
 * @param fields the fields, unquoted
 * @param unterminatedQuote whether a quoted field runs to the end of the line
 */
record CsvLine(List<String> fields, boolean unterminatedQuote) {

  static CsvLine parse(String line, char delimiter) {
    return parse(line, delimiter, Integer.MAX_VALUE);
  }

  /**
   * The first {@code most} fields of a line (all when it has fewer), split as {@link #parse}
   * splits them: where only a key is wanted, the rest of the line is not split.
   */
  static CsvLine parse(String line, char delimiter, int most) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    boolean open = false;
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        open = true;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            open = false;
            break;
          }
          field.append(c);
          i++;
        }
        // Characters between a closing quote and the delimiter are kept, as most readers do.
        while (i < n && line.charAt(i) != delimiter) {
          field.append(line.charAt(i++));
        }
        fields.add(field.toString());
      } else {
        // An unquoted field is the text up to the next delimiter, taken whole (most fields are).
        int end = line.indexOf(delimiter, i);
        end = end < 0 ? n : end;
        fields.add(line.substring(i, end));
        i = end;
      }
      if (i >= n || fields.size() >= most) {
        break;
      }
      i++; // the delimiter
      if (i == n) {
        fields.add("");
        break;
      }
    }
    return new CsvLine(fields, open);
  }

  /** Joins fields back into a line, quoting where a field needs it. */
  static String format(List<String> fields, char delimiter) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(delimiter);
      }
      String value = fields.get(i) == null ? "" : fields.get(i);
      if (value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
          || value.indexOf('\r') >= 0) {
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        out.append(value);
      }
    }
    return out.toString();
  }
}
