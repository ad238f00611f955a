package org.coprod.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback: one Master and {@code n} Workers, each a child JVM
 * run from a {@link SparkInstallation}. Workers get one core and 1 GiB each and launch their
 * executors from that installation ({@code SPARK_HOME}, {@code SPARK_SCALA_VERSION=2.13}).
 * Every port is chosen free on 127.0.0.1; the Master's REST submission server is off.
 */
final class StandaloneSparkCluster implements AutoCloseable {

  static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(180);
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
  private static final Pattern EXECUTOR_ID = Pattern.compile("--executor-id\\s+(\\S+)");

  private final ChildProcess master;
  private final List<ChildProcess> workers;
  private final int masterPort;
  private final int masterWebUiPort;

  private StandaloneSparkCluster(ChildProcess master, List<ChildProcess> workers, int masterPort, int masterWebUiPort) {
    this.master = master;
    this.workers = workers;
    this.masterPort = masterPort;
    this.masterWebUiPort = masterWebUiPort;
  }

  /**
   * Starts the Master and {@code workerCount} Workers without waiting for them; call
   * {@link #awaitWorkers()} before use (other set-up can run meanwhile).
   */
  static StandaloneSparkCluster launch(SparkInstallation spark, Path folder, int workerCount) throws IOException {
    Map<String, String> environment =
        Map.of("SPARK_HOME", spark.home().toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
            "SPARK_CONF_DIR", spark.confFolder().toString(), "JAVA_HOME", System.getProperty("java.home"));
    int masterPort = freePort();
    int webUiPort = freePort();
    List<String> masterCommand = new ArrayList<>(spark.java("512m"));
    masterCommand.addAll(List.of("-Dspark.master.rest.enabled=false", "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(webUiPort)));
    ChildProcess master = ChildProcess.start("master", masterCommand, environment, folder, folder.resolve("master.log"));
    List<ChildProcess> workers = new ArrayList<>();
    StandaloneSparkCluster cluster = new StandaloneSparkCluster(master, workers, masterPort, webUiPort);
    try {
      for (int i = 1; i <= workerCount; i++) {
        Path work = Files.createDirectories(folder.resolve("worker-" + i));
        List<String> workerCommand = new ArrayList<>(spark.java("512m"));
        workerCommand.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--port", Integer.toString(freePort()), "--webui-port", "0", "--cores", "1", "--memory", "1g",
            "--work-dir", work.toString(), cluster.masterUrl()));
        workers.add(ChildProcess.start("worker-" + i, workerCommand, environment, work, folder.resolve("worker-" + i + ".log")));
      }
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  List<ChildProcess> workers() {
    return List.copyOf(workers);
  }

  /** Polls the Master's JSON status until every Worker is ALIVE, or fails after a bounded wait with the logs. */
  void awaitWorkers() throws InterruptedException {
    int count = workers.size();
    long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
    String status = "";
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("Spark master exited:\n" + master.tail(40));
      }
      status = masterStatus().orElse("");
      Matcher alive = ALIVE_WORKERS.matcher(status);
      if (alive.find() && Integer.parseInt(alive.group(1)) >= count) {
        return;
      }
      Thread.sleep(500);
    }
    StringBuilder logs = new StringBuilder();
    for (ChildProcess worker : workers) {
      logs.append("\n--- ").append(worker).append('\n').append(worker.tail(20));
    }
    throw new IllegalStateException("fewer than " + count + " Spark workers registered within " + REGISTRATION_TIMEOUT
        + "; master status: " + status + "\n--- master\n" + master.tail(20) + logs);
  }

  /** The Master's {@code /json/} status page, or empty while it is not up. */
  Optional<String> masterStatus() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create("http://127.0.0.1:" + masterWebUiPort + "/json/").toURL().openConnection();
      connection.setConnectTimeout(2_000);
      connection.setReadTimeout(5_000);
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The executor JVMs that this cluster's Workers have launched and that are still running. */
  List<Executor> executors() {
    List<Executor> executors = new ArrayList<>();
    for (ChildProcess worker : workers) {
      worker.handle().descendants().forEach(process -> {
        String commandLine = commandLine(process);
        if (commandLine.contains(EXECUTOR_MAIN)) {
          Matcher id = EXECUTOR_ID.matcher(commandLine);
          executors.add(new Executor(id.find() ? id.group(1) : "?", worker.name(), process));
        }
      });
    }
    return executors;
  }

  /** The full command line of a process, from /proc on Linux when the JDK gives none. */
  private static String commandLine(ProcessHandle process) {
    Optional<String> fromJdk = process.info().commandLine();
    if (fromJdk.isPresent() && fromJdk.get().contains(" ")) {
      return fromJdk.get();
    }
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | UncheckedIOException e) {
      return fromJdk.orElse("");
    }
  }

  /** An executor JVM launched by one of the Workers. */
  record Executor(String executorId, String worker, ProcessHandle process) {
    /** Kills the executor as a crash would (SIGKILL), and waits until it is gone. */
    void kill() {
      process.destroyForcibly();
      process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (ChildProcess worker : workers) {
      worker.close();
    }
    master.close();
  }
}
