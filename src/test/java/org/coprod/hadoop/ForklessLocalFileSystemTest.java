package org.coprod.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForklessLocalFileSystem} leaves files and directories with the permissions Hadoop's own
 * local file system gives them, and is what local-mode sessions use for {@code file:} paths.
 */
@SparkTest
class ForklessLocalFileSystemTest {

  @Test
  void everyModeMapsToThePosixPermissionsOfItsText() {
    for (short mode = 0; mode < 01000; mode++) {
      FsPermission permission = new FsPermission(mode);
      assertThat(ForklessLocalFileSystem.posix(permission)).as(permission.toString())
          .isEqualTo(PosixFilePermissions.fromString(permission.toString()));
    }
  }

  @Test
  void filesAndDirectoriesGetWhatHadoopsOwnFileSystemGives(@TempDir java.nio.file.Path dir) throws Exception {
    assertThat(outcome(new LocalFileSystem(), dir.resolve("hadoop")))
        .isEqualTo(outcome(new ForklessLocalFileSystem(), dir.resolve("forkless")))
        .contains("rw-r-----", "rwxr-x---", "r-----r--");
  }

  /** Permissions after a write's usual calls: mkdirs, create (default and given), setPermission, sticky. */
  private static List<String> outcome(LocalFileSystem fs, java.nio.file.Path root) throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027");
    fs.initialize(java.net.URI.create("file:///"), conf);
    Path base = new Path(root.toUri());
    Path month = new Path(base, "month=2024-01");
    fs.mkdirs(month);
    try (FSDataOutputStream out = fs.create(new Path(month, "part-0.parquet"))) {
      out.write(1);
    }
    Path given = new Path(base, "given");
    try (FSDataOutputStream out = fs.create(given, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20,
        null)) {
      out.write(1);
    }
    Path changed = new Path(base, "changed");
    try (FSDataOutputStream out = fs.create(changed)) {
      out.write(1);
    }
    fs.setPermission(changed, new FsPermission((short) 0404));
    Path sticky = new Path(base, "sticky");
    fs.mkdirs(sticky);
    fs.setPermission(sticky, new FsPermission((short) 01777));
    List<String> permissions = new ArrayList<>();
    for (java.nio.file.Path path : List.of(root.resolve("month=2024-01"), root.resolve("month=2024-01/part-0.parquet"),
        root.resolve("given"), root.resolve("changed"), root.resolve("sticky"))) {
      permissions.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }
    permissions.add(Boolean.toString(fs.getFileStatus(sticky).getPermission().getStickyBit()));
    fs.close();
    return permissions;
  }

  @Test
  void localModeSessionsUseItUnlessTheConfigurationNamesAnother(SparkSession spark) throws Exception {
    String name = ForklessLocalFileSystem.class.getName();
    assertThat(ForklessLocalFileSystem.choice("local[*]", new SparkConf(false))).contains(name);
    assertThat(ForklessLocalFileSystem.choice("local-cluster[2,1,1024]", new SparkConf(false))).contains(name);
    assertThat(ForklessLocalFileSystem.choice("spark://host:7077", new SparkConf(false))).isEmpty();
    assertThat(ForklessLocalFileSystem.choice("local[2]",
        new SparkConf(false).set(ForklessLocalFileSystem.SETTING, LocalFileSystem.class.getName()))).isEmpty();

    FileSystem fs = new Path("file:///").getFileSystem(spark.sessionState().newHadoopConf());
    assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
  }
}
