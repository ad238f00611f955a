package org.coprod.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.coprod.output.OutputContract;
import org.coprod.output.RunFolder;

/**
 * Finds the run folder that {@code --in} means: an output folder (then its {@code latest} run,
 * or, when the pointer is missing, the newest complete folder under {@code runs/}, as
 * {@link RunFolder} advises readers) or a run folder itself (it holds a table or a manifest).
 */
public final class RunLocator {

  static final List<String> KNOWN_TABLES =
      java.util.stream.Stream.concat(OutputContract.schemas().keySet().stream(), java.util.stream.Stream.of("quality")).toList();

  private RunLocator() {}

  /**
   * The run folder of {@code in}, qualified.
   *
   * @throws IllegalArgumentException when {@code in} is neither a run folder nor an output folder with a run
   */
  public static String resolve(String in, Configuration hadoop) {
    try {
      Path path = new Path(in);
      FileSystem fileSystem = path.getFileSystem(hadoop);
      if (!fileSystem.exists(path)) {
        throw new IllegalArgumentException("--in: no such folder: " + in);
      }
      path = fileSystem.makeQualified(path);
      String latest = RunFolder.latest(path.toString(), hadoop);
      if (latest != null && !latest.isEmpty()) {
        Path run = new Path(path, "runs/" + latest);
        if (!fileSystem.exists(run)) {
          throw new IllegalArgumentException("--in: " + in + "/latest names run " + latest + " but " + run + " does not exist");
        }
        return run.toString();
      }
      Optional<Path> newest = newestRun(fileSystem, new Path(path, "runs"));
      if (newest.isPresent()) {
        return newest.get().toString();
      }
      if (isRunFolder(fileSystem, path)) {
        return path.toString();
      }
      throw new IllegalArgumentException("--in: " + in + " is neither a run folder (with manifest.json or a table such as factor_effects/)"
          + " nor an output folder (with latest or runs/)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + in, e);
    }
  }

  private static Optional<Path> newestRun(FileSystem fileSystem, Path runs) throws IOException {
    if (!fileSystem.exists(runs)) {
      return Optional.empty();
    }
    // Run ids start with a UTC timestamp, so the newest sorts last; staging folders are skipped.
    return Arrays.stream(fileSystem.listStatus(runs))
        .filter(FileStatus::isDirectory)
        .map(FileStatus::getPath)
        .filter(p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))
        .max(Comparator.comparing(Path::getName));
  }

  private static boolean isRunFolder(FileSystem fileSystem, Path path) throws IOException {
    if (fileSystem.exists(new Path(path, "manifest.json"))) {
      return true;
    }
    for (String table : KNOWN_TABLES) {
      if (fileSystem.exists(new Path(path, table))) {
        return true;
      }
    }
    return false;
  }
}
