package org.coprod.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Spark home laid out in a temporary folder from the Spark, Scala and Hadoop jars that Maven
 * resolved for the tests: {@code jars/} (symbolic links to the classpath jars), {@code conf/}
 * and a {@code RELEASE} file. A standalone Worker launches executors from such a home, and
 * Spark's launcher only accepts a folder as a distribution when {@code RELEASE} is there.
 *
 * <p>The jars are this JVM's classpath minus what a stock Spark does not ship: our own classes,
 * the libraries shaded into the application jar, the test frameworks and the HDFS minicluster.
 * So the driver, the Workers and the executors see what they would see on a real installation,
 * and the application jar has to bring the rest, as it does on a cluster.
 */
final class SparkInstallation {

  /** Classpath entries (by file name fragment) that a Spark distribution does not contain. */
  private static final Set<String> NOT_IN_SPARK =
      Set.of("picocli", "snakeyaml-engine", "junit", "opentest4j", "apiguardian", "jspecify", "assertj", "byte-buddy",
          "duckdb", "hadoop-client-minicluster", "surefire", "failsafe");

  /** Spark's own JVM options for Java 17 (the launcher adds the same list to executors). */
  static final List<String> JAVA_OPTIONS =
      List.of("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true", "-Duser.timezone=UTC", "-Djava.net.preferIPv4Stack=true");

  private final Path home;

  private SparkInstallation(Path home) {
    this.home = home;
  }

  /** Lays out a Spark home under {@code folder} (which must not exist yet). */
  static SparkInstallation layOut(Path folder) throws IOException {
    Path jars = Files.createDirectories(folder.resolve("jars"));
    List<Path> entries = sparkJars();
    if (entries.stream().noneMatch(p -> p.getFileName().toString().startsWith("spark-core_"))) {
      throw new IllegalStateException("no spark-core jar on the test classpath: " + System.getProperty("java.class.path"));
    }
    for (Path jar : entries) {
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
    Files.writeString(folder.resolve("RELEASE"), "Spark 4.2.0 (Scala 2.13) laid out by coprod's cluster tests from Maven jars\n");
    Path conf = Files.createDirectories(folder.resolve("conf"));
    // WARN by default to keep the logs small; INFO where the tests read the log: the scheduler's
    // job and executor events, the deploy daemons, and coprod's own stage lines.
    Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
        "logger.master.name = org.apache.spark.deploy",
        "logger.master.level = info",
        "logger.executor.name = org.apache.spark.executor.CoarseGrainedExecutorBackend",
        "logger.executor.level = info",
        "logger.dag.name = org.apache.spark.scheduler.DAGScheduler",
        "logger.dag.level = info",
        "logger.backend.name = org.apache.spark.scheduler.cluster",
        "logger.backend.level = info",
        "logger.coprod.name = org.coprod",
        "logger.coprod.level = info",
        ""));
    return new SparkInstallation(folder);
  }

  private static List<Path> sparkJars() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (name.endsWith(".jar") && NOT_IN_SPARK.stream().noneMatch(name::contains)) {
        jars.add(path);
      }
    }
    return jars;
  }

  Path home() {
    return home;
  }

  Path confFolder() {
    return home.resolve("conf");
  }

  /** {@code java <Spark's JVM options> -cp <home>/conf:<home>/jars/*}, ready for a main class. */
  List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(JAVA_OPTIONS);
    command.add("-cp");
    command.add(confFolder() + File.pathSeparator + home.resolve("jars") + File.separator + "*");
    return command;
  }
}
