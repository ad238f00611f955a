package org.coprod.hadoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Hadoop's local file system ({@code file:}), with permissions set through Java NIO rather than
 * by a {@code chmod} process.
 *
 * <p>Why: without Hadoop's native library (libhadoop.so, which no Maven artifact carries),
 * {@link RawLocalFileSystem#setPermission} runs {@code chmod} in a new process, and it is called
 * for every file, checksum file and directory a write creates. A Spark write by month creates
 * dozens per task: in a profile of the ingest at 1M citizens, writing the 58,000-69,000 rows that
 * usage's second pass accepts took 5 s of its tasks' time and 1 s of CPU, the rest waiting on
 * those processes.
 * The permissions set are the same; a sticky bit, which NIO cannot set, and a file system
 * without POSIX permissions still go through Hadoop's own way, as does everything when the
 * native library is there.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

  /** The Spark setting that names Hadoop's file system for {@code file:} paths. */
  public static final String SETTING = "spark.hadoop.fs.file.impl";

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Names this class for {@code file:} paths when {@code master} is local mode and the Spark
   * configuration (system properties, spark-submit's settings) names no file system of its own;
   * a later {@code builder.config} of {@link #SETTING} still overrides it. Local mode only: there
   * the tasks load classes as the driver does; a cluster's executors would have to find it
   * where Hadoop loads its file systems.
   */
  public static SparkSession.Builder inLocalMode(SparkSession.Builder builder, String master) {
    choice(master, new SparkConf()).ifPresent(name -> builder.config(SETTING, name));
    return builder;
  }

  /** This class's name when {@code master} is local mode and {@code conf} names no file system, else empty. */
  static java.util.Optional<String> choice(String master, SparkConf conf) {
    return master.startsWith("local") && !conf.contains(SETTING)
        ? java.util.Optional.of(ForklessLocalFileSystem.class.getName()) : java.util.Optional.empty();
  }

  /** The raw file system underneath the checksums. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(path, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(path, permission);
      }
    }
  }

  /** The owner's, group's and others' actions of a Hadoop permission as POSIX permissions. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return set;
  }

  private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
      PosixFilePermission write, PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      set.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      set.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      set.add(execute);
    }
  }
}
