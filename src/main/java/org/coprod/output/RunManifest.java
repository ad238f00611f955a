package org.coprod.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run manifest ({@code manifest.json}): what ran (config with secrets removed, code
 * version), on what (input fingerprints), how long each stage took and what it counted.
 * Jackson comes with Spark's runtime, so it adds nothing to the jar.
 *
 * <p>Input fingerprints are of the file listing, not the content (hashing terabytes of input
 * would cost a pass over it): per input, the files matched, their total bytes, the newest
 * modification time, and SHA-256 over the sorted "path length mtime" lines.
 */
public final class RunManifest {

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> stages = new LinkedHashMap<>();
  private final Map<String, Object> counts = new LinkedHashMap<>();

  public RunManifest(String runId, String jobName, Map<String, Object> config) {
    root.put("run_id", runId);
    root.put("job", jobName);
    root.put("coprod_version", codeVersion());
    root.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    root.put("java_version", System.getProperty("java.version"));
    root.put("started_at", java.time.Instant.now().toString());
    root.put("config", config);
    root.put("inputs", new LinkedHashMap<String, Object>());
    root.put("stage_seconds", stages);
    root.put("counts", counts);
  }

  public static String codeVersion() {
    String version = RunManifest.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  public void stage(String name, double seconds) {
    stages.put(name, Math.round(seconds * 1000) / 1000.0);
  }

  public void count(String key, Object value) {
    counts.put(key, value);
  }

  @SuppressWarnings("unchecked")
  public void fingerprint(String source, String location, Configuration hadoop) {
    Map<String, Object> inputs = (Map<String, Object>) root.get("inputs");
    try {
      Path pattern = new Path(location);
      FileSystem fileSystem = pattern.getFileSystem(hadoop);
      FileStatus[] matched = fileSystem.globStatus(pattern);
      List<String> lines = new ArrayList<>();
      long bytes = 0;
      long newest = 0;
      if (matched != null) {
        for (FileStatus status : matched) {
          for (FileStatus file : status.isDirectory() ? fileSystem.listStatus(status.getPath()) : new FileStatus[] {status}) {
            if (file.isFile()) {
              lines.add(file.getPath() + " " + file.getLen() + " " + file.getModificationTime());
              bytes += file.getLen();
              newest = Math.max(newest, file.getModificationTime());
            }
          }
        }
      }
      java.util.Collections.sort(lines);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      lines.forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("location", location);
      entry.put("files", lines.size());
      entry.put("bytes", bytes);
      entry.put("newest_modification", newest == 0 ? null : java.time.Instant.ofEpochMilli(newest).toString());
      entry.put("listing_sha256", HexFormat.of().formatHex(digest.digest()));
      inputs.put(source, entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input " + location, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String toJson() {
    root.put("finished_at", java.time.Instant.now().toString());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
