package org.coprod.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spark's own {@code org.apache.spark.deploy.SparkSubmit} in a child JVM from the
 * {@link SparkInstallation} (so only Spark's jars plus the thin application jar), client
 * deploy mode, UI off, bound to loopback, with an uncompressed event log the test can read.
 */
final class SparkSubmission {

  static final String MAIN_CLASS = "org.coprod.cli.Main";

  private SparkSubmission() {}

  static ChildProcess start(
      SparkInstallation spark, String name, List<String> submitOptions, Path applicationJar, List<String> applicationArguments,
      Path eventLogFolder, Path folder) throws IOException {
    Files.createDirectories(eventLogFolder);
    List<String> command = new ArrayList<>(spark.java("1g"));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(submitOptions);
    command.addAll(List.of("--deploy-mode", "client",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.eventLog.enabled=true",
        "--conf", "spark.eventLog.compress=false",
        "--conf", "spark.eventLog.rolling.enabled=false",
        "--conf", "spark.eventLog.dir=" + eventLogFolder.toUri(),
        "--conf", "spark.hadoop.dfs.replication=1",
        "--class", MAIN_CLASS, applicationJar.toAbsolutePath().toString()));
    command.addAll(applicationArguments);
    Map<String, String> environment =
        Map.of("SPARK_HOME", spark.home().toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
            "SPARK_CONF_DIR", spark.confFolder().toString(), "JAVA_HOME", System.getProperty("java.home"));
    return ChildProcess.start(name, command, environment, Files.createDirectories(folder), folder.resolve(name + ".log"));
  }
}
