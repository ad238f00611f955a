package org.coprod.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;

/**
 * Finds a source's files and checks each as a whole on the driver before any row is read: the
 * path or glob matches files, each file opens (compression included), is not empty, and its
 * header (CSV), first lines (JSON) or schema (Parquet) give every required contract column.
 * Only headers and first lines are read, so the checks cost milliseconds per file.
 */
final class InputFiles {

  private static final int JSON_SAMPLE_LINES = 100;

  /**
   * The checked files of a source.
   *
   * @param files qualified paths, sorted
   * @param plans per file (see {@link TextRecords#key}), the column plan; for Parquet one plan for all
   * @param bytes the files' total size as stored (compressed files count their compressed size)
   */
  record Checked(List<String> files, Map<String, TextRecords.FileInfo> plans, long bytes) {}

  private InputFiles() {}

  static Checked check(SparkSession spark, SourceContract contract, InputSpec input) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<FileStatus> files = list(contract.name(), input, hadoop);
    Map<String, TextRecords.FileInfo> plans = new HashMap<>();
    List<String> paths = files.stream().map(f -> f.getPath().toString()).toList();
    if (input.format() == InputSpec.Format.PARQUET) {
      StructType schema;
      try {
        schema = spark.read().parquet(paths.toArray(String[]::new)).schema();
      } catch (RuntimeException e) {
        throw new IngestFileException(contract.name(), paths.get(0), "cannot read Parquet: " + firstLine(e));
      }
      ColumnPlan plan = ColumnPlan.of(contract, input, Arrays.asList(schema.fieldNames()), paths.get(0));
      for (FileStatus file : files) {
        plans.put(TextRecords.key(file.getPath()), new TextRecords.FileInfo(plan, false, plans.size()));
      }
      return new Checked(paths, plans, files.stream().mapToLong(FileStatus::getLen).sum());
    }
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    Charset charset = Charset.forName(input.encoding());
    boolean anyContent = false;
    for (FileStatus file : files) {
      CompressionCodec codec = codecs.getCodec(file.getPath());
      String path = file.getPath().toString();
      if (file.getLen() == 0) {
        if (input.format() == InputSpec.Format.CSV) {
          throw new IngestFileException(contract.name(), path, "empty file (no header line)");
        }
        continue;
      }
      List<String> firstLines = firstLines(contract.name(), file, codec, charset, hadoop,
          input.format() == InputSpec.Format.CSV ? 1 : JSON_SAMPLE_LINES);
      List<String> columns;
      if (input.format() == InputSpec.Format.CSV) {
        if (firstLines.isEmpty() || firstLines.get(0).isBlank()) {
          throw new IngestFileException(contract.name(), path, "empty file (no header line)");
        }
        String header = firstLines.get(0);
        if (header.charAt(0) == '\uFEFF') {
          header = header.substring(1);
        }
        // Names are trimmed; an empty name (a spreadsheet's index column) and repeated names are
        // allowed as long as they map to nothing: ColumnPlan rejects two columns that give one.
        CsvLine parsed = CsvLine.parse(header, input.delimiter().charAt(0));
        columns = parsed.fields().stream().map(String::trim).toList();
      } else {
        columns = jsonColumns(contract, input, path, firstLines);
      }
      anyContent |= !firstLines.isEmpty();
      plans.put(TextRecords.key(file.getPath()),
          new TextRecords.FileInfo(ColumnPlan.of(contract, input, columns, path), codec != null, plans.size()));
    }
    if (!anyContent) {
      throw new IngestFileException(contract.name(), input.location(), "empty: no file has any line");
    }
    List<FileStatus> nonEmpty = files.stream().filter(f -> plans.containsKey(TextRecords.key(f.getPath()))).toList();
    return new Checked(nonEmpty.stream().map(f -> f.getPath().toString()).toList(), plans,
        nonEmpty.stream().mapToLong(FileStatus::getLen).sum());
  }

  /** Keys of the first lines, plus every name the plan could need, so keys absent from the sample still map. */
  private static List<String> jsonColumns(SourceContract contract, InputSpec input, String path, List<String> lines) {
    ObjectMapper mapper = new ObjectMapper();
    Set<String> keys = new LinkedHashSet<>();
    boolean anyObject = false;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = mapper.readTree(line);
        if (node != null && node.isObject()) {
          anyObject = true;
          // Lines may spell a key in different cases: one column, as keys match ignoring case.
          node.fieldNames().forEachRemaining(name -> {
            if (keys.stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
              keys.add(name);
            }
          });
        }
      } catch (IOException notJson) {
        // a malformed line among good ones is a row problem, handled by the rules
      }
    }
    if (!anyObject) {
      throw new IngestFileException(contract.name(), path, "not JSON Lines: no line among the first "
          + lines.size() + " is a JSON object");
    }
    // Names are matched ignoring case, so a name is added only when no key of the sample has it in any case.
    Set<String> columns = new LinkedHashSet<>(keys);
    Set<String> lower = new java.util.HashSet<>();
    keys.forEach(k -> lower.add(ColumnPlan.lower(k)));
    List<String> candidates = new ArrayList<>(input.columns().keySet());
    for (String name : contract.columnNames()) {
      if (!input.columns().containsValue(name) && !input.notCollected().contains(name)) {
        candidates.add(name);
      }
    }
    candidates.addAll(Contracts.PERSONAL_DATA_COLUMNS);
    candidates.addAll(input.personalColumns());
    for (String name : candidates) {
      if (lower.add(ColumnPlan.lower(name))) {
        columns.add(name);
      }
    }
    // A required column that no sampled line has is as missing as an absent CSV header column.
    List<String> present = new ArrayList<>(keys);
    ColumnPlan.of(contract, input, present, path);
    return new ArrayList<>(columns);
  }

  private static List<String> firstLines(String source, FileStatus file, CompressionCodec codec, Charset charset,
      Configuration hadoop, int count) {
    String path = file.getPath().toString();
    try {
      FileSystem fs = file.getPath().getFileSystem(hadoop);
      InputStream raw = fs.open(file.getPath());
      InputStream in = raw;
      try {
        if (codec != null) {
          in = codec.createInputStream(raw);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset));
        List<String> lines = new ArrayList<>();
        String line;
        while (lines.size() < count && (line = reader.readLine()) != null) {
          // A byte-order mark is not part of the first name or key.
          lines.add(lines.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line);
        }
        return lines;
      } finally {
        in.close();
      }
    } catch (IOException | RuntimeException e) {
      String what = codec == null ? "unreadable file" : "unreadable compression ("
          + codec.getClass().getSimpleName().replace("Codec", "").toLowerCase(Locale.ROOT) + ")";
      throw new IngestFileException(source, path, what + ": " + firstLine(e));
    }
  }

  /** Files matching the location: a file, a directory (its data files, recursively) or a glob. */
  static List<FileStatus> list(String source, InputSpec input, Configuration hadoop) {
    Path location = new Path(input.location());
    List<FileStatus> files = new ArrayList<>();
    try {
      FileSystem fs = location.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(location);
      if (matches == null || matches.length == 0) {
        throw new IngestFileException(source, input.location(), "no such file or directory, or no file matches");
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          collect(fs, match.getPath(), input.format(), files);
          if (files.isEmpty()) {
            throw new IngestFileException(source, match.getPath().toString(), "directory has no "
                + input.format().name().toLowerCase(Locale.ROOT) + " files");
          }
        } else if (!hidden(match.getPath())) {
          files.add(match);
        }
      }
    } catch (IOException e) {
      throw new IngestFileException(source, input.location(), "cannot list: " + firstLine(e));
    }
    if (files.isEmpty()) {
      throw new IngestFileException(source, input.location(), "no data files match");
    }
    files.sort(Comparator.comparing(f -> f.getPath().toString()));
    return files;
  }

  private static void collect(FileSystem fs, Path directory, InputSpec.Format format, List<FileStatus> out)
      throws IOException {
    for (FileStatus status : fs.listStatus(directory)) {
      if (hidden(status.getPath())) {
        continue;
      }
      if (status.isDirectory()) {
        collect(fs, status.getPath(), format, out);
      } else if (matchesFormat(status.getPath().getName(), format)) {
        out.add(status);
      }
    }
  }

  /** Data files of a format by extension, optionally compressed (part-00000.csv, x.jsonl.gz, y.snappy.parquet). */
  static boolean matchesFormat(String name, InputSpec.Format format) {
    String lower = name.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|deflate|zst|lz4|snappy)$", "");
    return switch (format) {
      case CSV -> lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".tsv");
      case JSON -> lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
      case PARQUET -> name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    };
  }

  private static boolean hidden(Path path) {
    return path.getName().startsWith("_") || path.getName().startsWith(".");
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

}
