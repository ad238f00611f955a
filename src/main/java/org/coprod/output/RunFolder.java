package org.coprod.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The folder of one run and its atomic publication, on any Hadoop filesystem.
 *
 * <p>Layout under the job's output folder: tables are written into
 * {@code runs/_incomplete-<run_id>/<table>/}; {@link #commit()} renames that folder to
 * {@code runs/<run_id>/} (one directory rename: atomic on HDFS and local disks, not on object
 * stores, where readers should follow {@code latest}) and then replaces the {@code latest}
 * pointer file, itself written to a temporary name and renamed. A run that dies half-way
 * leaves only an {@code _incomplete-} folder, and {@code latest} still names the previous
 * complete run.
 */
public final class RunFolder {

  public static final String LATEST = "latest";
  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Path root;
  private final Path staging;
  private final Path published;
  private final FileSystem fileSystem;

  private RunFolder(String runId, Path root, FileSystem fileSystem) {
    this.runId = runId;
    this.root = root;
    this.staging = new Path(root, "runs/_incomplete-" + runId);
    this.published = new Path(root, "runs/" + runId);
    this.fileSystem = fileSystem;
  }

  /** Opens a new run under {@code outputFolder} with a fresh run id. */
  public static RunFolder open(String outputFolder, Configuration hadoop) {
    String runId = RUN_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    return open(outputFolder, runId, hadoop);
  }

  public static RunFolder open(String outputFolder, String runId, Configuration hadoop) {
    try {
      Path root = new Path(outputFolder);
      FileSystem fileSystem = root.getFileSystem(hadoop);
      root = fileSystem.makeQualified(root);
      return new RunFolder(runId, root, fileSystem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open output folder " + outputFolder, e);
    }
  }

  public String runId() {
    return runId;
  }

  /** Where a table is written before the commit. */
  public String stagingTable(String table) {
    return new Path(staging, table).toString();
  }

  /** Where a table can be read after the commit. */
  public String publishedTable(String table) {
    return new Path(published, table).toString();
  }

  /** The folder being written; readers that must see the run before it is published use it. */
  public String stagingFolder() {
    return staging.toString();
  }

  public String publishedFolder() {
    return published.toString();
  }

  /** Writes a small text file (e.g. the manifest) into the staging folder. */
  public void writeText(String name, String content) {
    try (FSDataOutputStream out = fileSystem.create(new Path(staging, name), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name, e);
    }
  }

  /** Publishes the run: one rename of the folder, then the {@code latest} pointer. */
  public void commit() {
    try {
      if (!fileSystem.exists(staging)) {
        fileSystem.mkdirs(staging);
      }
      if (!fileSystem.rename(staging, published)) {
        throw new IOException("rename " + staging + " -> " + published + " failed");
      }
      Path pointerTemp = new Path(root, "." + LATEST + "-" + runId);
      try (FSDataOutputStream out = fileSystem.create(pointerTemp, true)) {
        out.write((runId + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Path pointer = new Path(root, LATEST);
      // Hadoop's rename does not overwrite; the window between delete and rename leaves no
      // pointer rather than a wrong one, and readers fall back to the newest runs/ folder.
      fileSystem.delete(pointer, false);
      if (!fileSystem.rename(pointerTemp, pointer)) {
        throw new IOException("cannot move " + pointerTemp + " to " + pointer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish run " + runId, e);
    }
  }

  /** The run id named by {@code latest} under an output folder, or null when there is none. */
  public static String latest(String outputFolder, Configuration hadoop) {
    try {
      Path pointer = new Path(outputFolder, LATEST);
      FileSystem fileSystem = pointer.getFileSystem(hadoop);
      if (!fileSystem.exists(pointer)) {
        return null;
      }
      try (FSDataInputStream in = fileSystem.open(pointer)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + outputFolder + "/" + LATEST, e);
    }
  }
}
