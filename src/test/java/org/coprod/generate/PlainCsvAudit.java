package org.coprod.generate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Test helper: a plain CSV reader, independent of the generator's code paths, that finds the
 * defects of a generated root by checking rules in manifest order and counts them per kind.
 */
final class PlainCsvAudit {

  /** Lines of a source: raw bytes and, when decodable and well-formed, fields by column. */
  record Line(byte[] bytes, String text, List<String> fields) {}

  private final Path root;
  private final Map<String, List<Line>> lines = new HashMap<>();
  private final Map<String, List<String>> headers = new HashMap<>();

  PlainCsvAudit(Path root) throws Exception {
    this.root = root;
    for (SourceContract source : Contracts.all()) {
      List<Line> all = new ArrayList<>();
      try (Stream<Path> files = Files.list(root.resolve(source.name())).sorted()) {
        for (Path file : files.toList()) {
          byte[] bytes = Files.readAllBytes(file);
          int start = 0;
          boolean header = true;
          for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
              byte[] line = java.util.Arrays.copyOfRange(bytes, start, i);
              start = i + 1;
              if (header) {
                headers.put(source.name(), split(new String(line, StandardCharsets.UTF_8)));
                header = false;
              } else {
                String text = decode(line);
                all.add(new Line(line, text, text == null ? null : split(text)));
              }
            }
          }
        }
      }
      lines.put(source.name(), all);
    }
  }

  long lineCount(String source) {
    return lines.get(source).size();
  }

  /** Counts of each defect kind found in a source, in manifest order. */
  Map<String, Long> audit(SourceContract source) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DirtKind kind : DirtKind.values()) {
      counts.put(kind.key(), 0L);
    }
    List<String> header = headers.get(source.name());
    Set<String> references = references(source);
    String orphanColumn = switch (source.name()) {
      case "survey", "usage" -> "neighbourhood_id";
      case "links" -> "respondent_id";
      case "neighbourhoods" -> "municipality_id";
      default -> null;
    };
    Map<String, Integer> identical = new HashMap<>();
    Map<String, Set<String>> byKey = new HashMap<>();
    for (Line line : lines.get(source.name())) {
      String kind = classify(source, header, line, references, orphanColumn);
      if (kind != null) {
        counts.merge(kind, 1L, Long::sum);
        continue;
      }
      identical.merge(line.text(), 1, Integer::sum);
      String key = source.uniqueKey().stream().map(c -> line.fields().get(header.indexOf(c)))
          .reduce((a, b) -> a + "\u0000" + b).orElseThrow();
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(line.text());
    }
    counts.put("exact_duplicate", identical.values().stream().mapToLong(n -> n - 1).sum());
    counts.put("conflicting_duplicate", byKey.values().stream().mapToLong(s -> s.size() - 1).sum());
    return counts;
  }

  private String classify(SourceContract source, List<String> header, Line line, Set<String> references,
      String orphanColumn) {
    if (line.text() == null) {
      return "bad_encoding";
    }
    if (line.fields().size() != header.size()) {
      return "malformed_line";
    }
    for (String key : source.keyColumns()) {
      if (line.fields().get(header.indexOf(key)).isEmpty()) {
        return "missing_key";
      }
    }
    List<Object> parsed = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      String value = line.fields().get(header.indexOf(column.name()));
      try {
        parsed.add(value.isEmpty() ? null : parse(column.type(), value));
      } catch (RuntimeException e) {
        return "wrong_type";
      }
    }
    for (int i = 0; i < parsed.size(); i++) {
      if (!source.columns().get(i).allows(parsed.get(i))) {
        return "out_of_range";
      }
    }
    if (orphanColumn != null && !references.contains(line.fields().get(header.indexOf(orphanColumn)))) {
      return "orphan_reference";
    }
    for (String personal : Contracts.PERSONAL_DATA_COLUMNS) {
      int i = header.indexOf(personal);
      if (i >= 0 && !line.fields().get(i).isEmpty()) {
        return "personal_data";
      }
    }
    return null;
  }

  private Set<String> references(SourceContract source) {
    String referenced = switch (source.name()) {
      case "survey", "usage" -> "neighbourhoods";
      case "links" -> "survey";
      case "neighbourhoods" -> "municipalities";
      default -> null;
    };
    Set<String> ids = new HashSet<>();
    if (referenced != null) {
      // Every line that carries the id counts, even one quarantined for another defect: a
      // reference to it is not an injected orphan (ingest may still find it orphaned later).
      for (Line line : lines.get(referenced)) {
        ids.add(split(new String(line.bytes(), StandardCharsets.ISO_8859_1)).get(0));
      }
    }
    return ids;
  }

  private static Object parse(DataType type, String value) {
    if (DataTypes.IntegerType.equals(type)) {
      return Integer.parseInt(value);
    }
    if (DataTypes.DoubleType.equals(type)) {
      return Double.parseDouble(value);
    }
    if (DataTypes.DateType.equals(type)) {
      return LocalDate.parse(value);
    }
    if (DataTypes.TimestampType.equals(type)) {
      return Instant.parse(value);
    }
    return value;
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** RFC 4180 field splitting of one line. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
