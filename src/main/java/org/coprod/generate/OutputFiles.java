package org.coprod.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * File handling on any Hadoop filesystem. Tasks write their part files directly under
 * deterministic names ({@code part-00000.csv}); since content is a pure function of the
 * config, a retried or speculative task rewrites identical bytes, so no commit protocol is
 * needed. The Hadoop configuration travels to executors as a plain map.
 */
final class OutputFiles implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern SPARK_PART = Pattern.compile("part-(\\d{5,})-.*");

  private final String root;
  private final HashMap<String, String> hadoopConf;

  OutputFiles(String root, Configuration conf) {
    this.root = root;
    this.hadoopConf = new HashMap<>();
    conf.forEach(entry -> hadoopConf.put(entry.getKey(), entry.getValue()));
  }

  Path path(String... parts) {
    Path path = new Path(root);
    for (String part : parts) {
      path = new Path(path, part);
    }
    return path;
  }

  static String partName(int partition, String extension) {
    return String.format("part-%05d.%s", partition, extension);
  }

  /** The filesystem without client-side checksum files (no {@code .crc} next to outputs). */
  FileSystem fileSystem() {
    try {
      Configuration conf = new Configuration(false);
      hadoopConf.forEach(conf::set);
      FileSystem fs = FileSystem.get(URI.create(path().toUri().toString()), conf);
      return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  OutputStream create(Path path) throws IOException {
    return new BufferedOutputStream(fileSystem().create(path, true), 1 << 20);
  }

  void writeText(Path path, String text) {
    try (OutputStream out = create(path)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(Path path) {
    try {
      fileSystem().delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void mkdirs(Path path) {
    try {
      fileSystem().mkdirs(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renames Spark's {@code part-00000-<uuid>-c000.snappy.parquet} to {@code part-00000.parquet}
   * and removes {@code _SUCCESS} and checksum files, so that file names are deterministic too.
   */
  void normaliseSparkOutput(Path directory, String extension) {
    try {
      FileSystem fs = fileSystem();
      for (FileStatus status : fs.listStatus(directory)) {
        String name = status.getPath().getName();
        Matcher part = SPARK_PART.matcher(name);
        if (part.matches() && name.endsWith("." + extension)) {
          int partition = Integer.parseInt(part.group(1));
          fs.rename(status.getPath(), new Path(directory, partName(partition, extension)));
        } else if (name.startsWith("_") || name.startsWith(".")) {
          fs.delete(status.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names and sizes of the files in a directory, sorted by name. */
  List<Map<String, Object>> listing(Path directory) {
    try {
      List<Map<String, Object>> files = new ArrayList<>();
      FileStatus[] statuses = fileSystem().listStatus(directory);
      java.util.Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus status : statuses) {
        files.add(Json.object("name", status.getPath().getName(), "bytes", status.getLen()));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
