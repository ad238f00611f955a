package org.coprod.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class "more than one machine" on loopback: a real HDFS
 * ({@link MiniHdfs}) and a Spark standalone cluster of a Master and {@code workers} Workers
 * ({@link StandaloneSparkCluster}) run from a {@link SparkInstallation} laid out from the Maven
 * jars. Started once before the class, stopped after it (and by a shutdown hook should the JVM
 * be ended first); the temporary folder with every log, the HDFS storage and the Workers'
 * work folders is removed unless {@code -Dcoprod.cluster.keep=true}.
 *
 * <pre>{@code @RegisterExtension static final LoopbackCluster CLUSTER = new LoopbackCluster(2);}</pre>
 */
final class LoopbackCluster implements BeforeAllCallback, AfterAllCallback {

  private final int workers;
  private Path folder;
  private SparkInstallation installation;
  private MiniHdfs hdfs;
  private StandaloneSparkCluster spark;
  private Thread shutdownHook;

  LoopbackCluster(int workers) {
    this.workers = workers;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    folder = Files.createTempDirectory("coprod-cluster-");
    shutdownHook = new Thread(this::stop, "stop-loopback-cluster");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long start = System.nanoTime();
    installation = SparkInstallation.layOut(folder.resolve("spark-home"));
    // The Spark daemons boot in their own JVMs while HDFS starts in this one.
    spark = StandaloneSparkCluster.launch(installation, Files.createDirectories(folder.resolve("spark")), workers);
    hdfs = MiniHdfs.start(folder.resolve("hdfs"));
    spark.awaitWorkers();
    System.out.printf("loopback cluster: HDFS at %s, Spark master %s with %d workers, up in %.1f s (logs in %s)%n",
        hdfs.uri(), spark.masterUrl(), workers, (System.nanoTime() - start) / 1e9, folder);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run
      }
    }
  }

  private synchronized void stop() {
    if (spark != null) {
      spark.close();
      spark = null;
    }
    if (hdfs != null) {
      hdfs.close();
      hdfs = null;
    }
    if (folder != null && !Boolean.getBoolean("coprod.cluster.keep")) {
      deleteRecursively(folder);
      folder = null;
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + root + ": " + e);
    }
  }

  MiniHdfs hdfs() {
    return hdfs;
  }

  StandaloneSparkCluster spark() {
    return spark;
  }

  SparkInstallation installation() {
    return installation;
  }

  /** The cluster's temporary folder (logs, HDFS storage, work folders). */
  Path folder() {
    return folder;
  }
}
