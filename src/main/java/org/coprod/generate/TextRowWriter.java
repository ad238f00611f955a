package org.coprod.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.coprod.ingest.contract.ColumnSpec;

/**
 * Writes rows as CSV (RFC 4180 quoting only where needed, empty field for null) or JSON Lines
 * (keys in column order, null keys omitted). Bytes are produced here rather than by Spark's
 * writers so that defects such as ISO-8859-1 values and truncated lines can be injected, and
 * so that numbers have one fixed textual form (doubles in fixed decimals, never
 * {@code Double.toString}, whose output changed between JDK versions).
 */
final class TextRowWriter {

  /** Decimals per double column; everything else is integral or text. */
  static final Map<String, Integer> DECIMALS = Map.ofEntries(
      Map.entry("weight", 3), Map.entry("area_km2", 2), Map.entry("median_income", 1),
      Map.entry("deprivation_index", 3), Map.entry("share_65plus", 4), Map.entry("share_foreign_born", 4),
      Map.entry("share_tertiary", 4), Map.entry("broadband_coverage", 4), Map.entry("digital_budget_per_capita", 2),
      Map.entry("share_staff_trained", 4), Map.entry("staff_resistance", 2));

  private final boolean csv;
  private final String[] names;
  private final byte[][] jsonKeys;
  private final int[] decimals;
  private final OutputStream out;
  private byte[] buffer = new byte[1024];
  private int length;

  TextRowWriter(OutputFormat format, List<String> columns, OutputStream out) {
    this.csv = format == OutputFormat.CSV;
    this.names = columns.toArray(String[]::new);
    this.out = out;
    this.decimals = new int[names.length];
    this.jsonKeys = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      decimals[i] = DECIMALS.getOrDefault(names[i], 4);
      jsonKeys[i] = ("\"" + names[i] + "\":").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The CSV header line; JSON Lines has none. */
  void header() throws IOException {
    if (csv) {
      out.write((String.join(",", names) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Writes one line; {@code truncate} cuts it short (the caller picks the point from its seeded draw). */
  void write(Object[] values, boolean truncate, double cut) throws IOException {
    length = 0;
    if (csv) {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          put((byte) ',');
        }
        if (values[i] != null) {
          value(values[i], i, true);
        }
      }
    } else {
      put((byte) '{');
      boolean first = true;
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          continue;
        }
        if (!first) {
          put((byte) ',');
        }
        first = false;
        put(jsonKeys[i]);
        value(values[i], i, false);
      }
      put((byte) '}');
    }
    if (truncate) {
      // Cut inside the middle third and, in CSV, before the last delimiter: the line then has
      // fewer fields than the header. Any strict prefix of a JSON object is invalid JSON.
      int at = Math.max(1, length / 3 + (int) (cut * (length / 3)));
      if (csv) {
        int lastComma = length - 1;
        while (lastComma > 0 && buffer[lastComma] != ',') {
          lastComma--;
        }
        at = Math.max(1, Math.min(at, lastComma));
      }
      length = at;
    }
    put((byte) '\n');
    out.write(buffer, 0, length);
  }

  private void value(Object value, int column, boolean csvField) {
    if (value instanceof String text) {
      string(text, csvField, false);
    } else if (value instanceof Integer || value instanceof Long) {
      ascii(value.toString());
    } else if (value instanceof Double x) {
      ascii(fixed(x, decimals[column]));
    } else if (value instanceof LocalDate date) {
      string(date.toString(), csvField, false);
    } else if (value instanceof Instant instant) {
      string(timestamp(instant.getEpochSecond()), csvField, false);
    } else if (value instanceof RawValue raw) {
      string(raw.text(), csvField, raw.latin1());
    } else {
      throw new IllegalArgumentException("unsupported value " + value.getClass() + " in column " + names[column]);
    }
  }

  private void string(String text, boolean csvField, boolean latin1) {
    if (!latin1 && plainAscii(text)) {
      // The common case (ids, codes, dates): no escaping, one byte per char, no allocation.
      if (!csvField) {
        put((byte) '"');
      }
      ascii(text);
      if (!csvField) {
        put((byte) '"');
      }
      return;
    }
    byte[] bytes = text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    if (csvField) {
      boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0;
      if (!quote) {
        put(bytes);
        return;
      }
      put((byte) '"');
      for (byte b : bytes) {
        if (b == '"') {
          put((byte) '"');
        }
        put(b);
      }
      put((byte) '"');
      return;
    }
    if (latin1) {
      put((byte) '"');
      put(bytes);
      put((byte) '"');
      return;
    }
    StringBuilder quoted = new StringBuilder(text.length() + 2);
    Json.quote(quoted, text);
    put(quoted.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Fixed-point rendering without trailing zeros (at least one decimal): 0.1200 becomes 0.12. */
  static String fixed(double x, int decimals) {
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long scaled = Math.round(Math.abs(x) * scale);
    StringBuilder text = new StringBuilder();
    if (x < 0 && scaled != 0) {
      text.append('-');
    }
    text.append(scaled / scale).append('.');
    String fraction = Long.toString(scaled % scale + scale).substring(1);
    int end = fraction.length();
    while (end > 1 && fraction.charAt(end - 1) == '0') {
      end--;
    }
    return text.append(fraction, 0, end).toString();
  }

  /** ISO-8601 instant in UTC, second precision. */
  static String timestamp(long epochSecond) {
    return ColumnSpec.timestampText(epochSecond);
  }

  /** Printable ASCII without characters that CSV or JSON would have to escape. */
  private static boolean plainAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == ',' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buffer[length++] = (byte) text.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }
}
