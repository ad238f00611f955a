package org.coprod.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Atomic replacement of the clean folder: tables are written into a hidden sibling
 * {@code .<name>-staging-<id>/}; {@link #publish()} moves the previous folder aside, renames
 * the staging folder into place and only then deletes the previous one. A run that fails while
 * writing leaves the previous clean folder untouched (and {@link #abandon()} removes its
 * staging folder); readers never see a half-written table. On object stores, where rename is a
 * copy, the swap is not atomic, as with {@code RunFolder}.
 */
final class CleanFolder {

  private final FileSystem fileSystem;
  private final Path target;
  private final Path staging;
  private final Path previous;
  /** Files a run needs only while it runs (the direct path's second-pass records), beside the staging folder. */
  private final Path scratch;

  private CleanFolder(FileSystem fileSystem, Path target, String id) {
    this.fileSystem = fileSystem;
    this.target = target;
    this.staging = new Path(target.getParent(), "." + target.getName() + "-staging-" + id);
    this.previous = new Path(target.getParent(), "." + target.getName() + "-previous-" + id);
    this.scratch = new Path(target.getParent(), "." + target.getName() + "-scratch-" + id);
  }

  static CleanFolder open(String folder, Configuration hadoop) {
    try {
      Path path = new Path(folder);
      FileSystem fileSystem = path.getFileSystem(hadoop);
      Path qualified = fileSystem.makeQualified(path);
      if (qualified.getParent() == null) {
        throw new IllegalArgumentException("clean folder cannot be a filesystem root: " + folder);
      }
      return new CleanFolder(fileSystem, qualified, UUID.randomUUID().toString().substring(0, 8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open clean folder " + folder, e);
    }
  }

  /** Where a source's table is written before publication. */
  String staging(String source) {
    return new Path(staging, source).toString();
  }

  /**
   * A folder for a source's scratch files. They outlive publication (cached rows computed from
   * them may be computed again until the run's results are released) and go with
   * {@link #deleteScratch()}.
   */
  String scratch(String source) {
    return new Path(scratch, source).toString();
  }

  /** Deletes every scratch folder of this run. */
  void deleteScratch() {
    try {
      fileSystem.delete(scratch, true);
    } catch (IOException e) {
      // best effort: a leftover hidden scratch folder does not affect readers
    }
  }

  /** Where a source's table is read after publication. */
  String published(String source) {
    return new Path(target, source).toString();
  }

  void publish() {
    try {
      boolean hadPrevious = fileSystem.exists(target);
      if (hadPrevious && !fileSystem.rename(target, previous)) {
        throw new IOException("cannot move " + target + " aside");
      }
      if (!fileSystem.rename(staging, target)) {
        if (hadPrevious) {
          fileSystem.rename(previous, target);
        }
        throw new IOException("cannot rename " + staging + " to " + target);
      }
      if (hadPrevious) {
        fileSystem.delete(previous, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish clean tables to " + target, e);
    }
  }

  void abandon() {
    try {
      fileSystem.delete(staging, true);
    } catch (IOException e) {
      // best effort: a leftover hidden staging folder does not affect readers
    }
    deleteScratch();
  }
}
