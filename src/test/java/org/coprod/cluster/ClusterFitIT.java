package org.coprod.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond one machine: the thin application jar submitted with Spark's own SparkSubmit to a
 * standalone cluster (a Master and two Workers, separate JVMs on loopback) reading its input
 * from and writing its outputs to a real HDFS, while one executor is killed in the middle of
 * the random-intercept fit. Spark reschedules the lost work and every output table must equal
 * the local-mode run of the same command: row counts exactly, numbers to 1e-8. A second test
 * takes the pooled path (a weighted logit on golden data) through the same cluster and HDFS.
 *
 * <p>Run alone with {@code ./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='Cluster*'};
 * {@code -Dcoprod.cluster.keep=true} keeps the logs, event logs and HDFS storage for a look.
 */
class ClusterFitIT {

  static final Path JAR = Path.of(System.getProperty("coprod.jar", "target/coprod-0.1.0.jar"));
  static final double TOLERANCE = 1e-8;
  static final Duration APPLICATION_TIMEOUT = Duration.ofMinutes(8);
  /** The model fit's per-iteration job: one treeAggregate over the cached group blocks. */
  static final String FIT_JOB = "treeAggregate at SparkGroupedLikelihood";
  private static final Pattern FIT_JOB_STARTED = Pattern.compile("Got job \\d+ \\(" + Pattern.quote(FIT_JOB));
  /** The executor is killed once this many fit jobs have started: the group blocks are cached by then. */
  private static final int KILL_AT_FIT_JOB = 2;

  /**
   * Settings both runs share. Four partitions on two cores: aggregations then merge more than
   * two partial sums, whose floating-point order depends on which task finishes first, so the
   * comparison shows how close the runs are when they are not bit-for-bit equal.
   */
  static final List<String> SHARED_SETTINGS = List.of("--conf", "spark.default.parallelism=4");

  @RegisterExtension static final LoopbackCluster CLUSTER = new LoopbackCluster(2);

  @TempDir Path temp;

  /**
   * The command under test (see {@link CommandUnderTest}): a Laplace fit of a random-intercept
   * logit with a factor, 200,000 rows in 2,000 groups, read from a Parquet folder of four
   * files. Switch to {@link CommandUnderTest#run} to submit the full pipeline instead; the rest
   * of the test does not change, provided the command fits a multilevel model (the kill waits
   * for its jobs).
   */
  CommandUnderTest command() throws IOException, java.sql.SQLException {
    Path data = GeneratedPanel.writeParquet(temp.resolve("input/panel.parquet"), 200_000, 2_000, 20260517L, 4);
    return CommandUnderTest.fit(data, "--formula", "y ~ x1 + x2 + region + (1 | g)", "--method", "laplace", "--min-group-size", "5");
  }

  @Test
  void hdfsInAndOutOnStandaloneWithAnExecutorKilledMidFitMatchesLocalMode() throws Exception {
    long start = System.nanoTime();
    CommandUnderTest command = command();
    Runs runs = runLocallyAndOnCluster("multilevel", command, true);

    // The kill happened while the fit's jobs ran, and Spark noticed and recovered.
    EventLog events = runs.events();
    Kill kill = runs.kill();
    List<EventLog.Job> fitJobs = events.jobsFrom(FIT_JOB);
    assertThat(fitJobs).as("fit jobs in the event log").hasSizeGreaterThan(KILL_AT_FIT_JOB);
    assertThat(fitJobs).allSatisfy(job -> assertThat(job.result()).isEqualTo("JobSucceeded"));
    List<EventLog.ExecutorRemoval> removals =
        events.removals().stream().filter(removal -> removal.executorId().equals(kill.executorId())).toList();
    assertThat(removals).as("removal of the killed executor %s", kill.executorId()).hasSize(1);
    EventLog.ExecutorRemoval removal = removals.get(0);
    assertThat(removal.timestamp())
        .as("executor lost during the fit (fit jobs %s..%s)", EventLog.firstSubmitted(fitJobs), EventLog.lastCompleted(fitJobs))
        .isBetween(EventLog.firstSubmitted(fitJobs).getAsLong(), EventLog.lastCompleted(fitJobs).getAsLong());

    // Every table on HDFS equals the local-mode table.
    RunTables.Comparison comparison = runs.comparison();
    assertThat(comparison.counts()).containsKeys("factor_effects", "model_fit", "variance_components", "group_effects");
    assertThat(comparison.differences()).as("cluster vs local-mode outputs").isEmpty();

    long fitJobsAfterKill = fitJobs.stream().filter(job -> job.submitted() > removal.timestamp()).count();
    System.out.printf(
        "cluster test: %s; executor %s (%s) killed at fit job %d of %d (%d fit jobs after the loss), removal reason \"%s\";"
            + " %d failed tasks %s; %d executors added in all; tables %s equal to local mode within %s"
            + " (largest scaled difference %.3g at %s); %.1f s%n",
        command.name(), kill.executorId(), kill.worker(), KILL_AT_FIT_JOB, fitJobs.size(), fitJobsAfterKill, removal.reason(),
        events.taskFailures().size(), events.taskFailures().stream().map(EventLog.TaskFailure::reason).distinct().toList(),
        events.executorsAdded(), comparison.counts(), TOLERANCE, comparison.largestScaledDifference(), comparison.largestAt(),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The pooled path on the cluster: a weighted logit on the golden data (R's {@code glm}),
   * whose exact AUC sorts scores across executors, read from and written to HDFS.
   */
  @Test
  void pooledWeightedGoldenFitOnHdfsMatchesLocalMode() throws Exception {
    long start = System.nanoTime();
    CommandUnderTest command =
        CommandUnderTest.fit(org.coprod.stats.GoldenCsv.golden("glm_pooled", "data.csv").toAbsolutePath(),
            "--formula", "y ~ age10 + gender + education + trust + urban", "--weights", "w");
    Runs runs = runLocallyAndOnCluster("pooled", command, false);
    RunTables.Comparison comparison = runs.comparison();
    assertThat(comparison.counts()).containsEntry("factor_effects", 7L).containsEntry("model_fit", 1L);
    assertThat(comparison.differences()).as("cluster vs local-mode outputs").isEmpty();
    System.out.printf("cluster test: %s; tables %s equal to local mode within %s (largest scaled difference %.3g at %s); %.1f s%n",
        command.name(), comparison.counts(), TOLERANCE, comparison.largestScaledDifference(), comparison.largestAt(),
        (System.nanoTime() - start) / 1e9);
  }

  /** What one command gave: the comparison of its outputs, the cluster run's event log, and the kill if there was one. */
  record Runs(RunTables.Comparison comparison, EventLog events, Kill kill) {}

  /**
   * Stages the command's inputs on local disk and on HDFS, runs it in local mode (local files)
   * and on the cluster (HDFS in and out) at the same time, optionally kills an executor during
   * the cluster run's fit, and compares the outputs.
   */
  private Runs runLocallyAndOnCluster(String name, CommandUnderTest command, boolean killDuringFit) throws Exception {
    assertThat(JAR).as("the thin application jar (built in the package phase)").exists();
    MiniHdfs hdfs = CLUSTER.hdfs();
    StandaloneSparkCluster spark = CLUSTER.spark();

    Path localIn = Files.createDirectories(temp.resolve("local-in"));
    String hdfsRoot = hdfs.uri() + "/" + name;
    for (Map.Entry<String, Path> input : command.inputs().entrySet()) {
      copyRecursively(input.getValue(), localIn.resolve(input.getKey()));
      hdfs.upload(input.getValue(), "/" + name + "/in/" + input.getKey());
    }
    Path localOut = temp.resolve("local-out");
    String hdfsOut = hdfsRoot + "/out";
    Path logs = Files.createDirectories(CLUSTER.folder().resolve("applications").resolve(name));

    // The local-mode reference runs alongside the cluster run: same jar, same command, local files.
    ChildProcess local =
        SparkSubmission.start(CLUSTER.installation(), "local", options(List.of("--master", "local[2]")), JAR,
            command.argumentsFor(localIn.toString(), localOut.toString(), temp.resolve("spec-local")), logs.resolve("events-local"), logs);
    Kill kill = null;
    try (local) {
      ChildProcess cluster = SparkSubmission.start(CLUSTER.installation(), "cluster",
          options(List.of("--master", spark.masterUrl(), "--total-executor-cores", "2", "--executor-memory", "1g")), JAR,
          command.argumentsFor(hdfsRoot + "/in", hdfsOut, temp.resolve("spec-cluster")), logs.resolve("events-cluster"), logs);
      try (cluster) {
        if (killDuringFit) {
          kill = killOneExecutorDuringTheFit(cluster, spark);
        }
        assertThat(cluster.await(APPLICATION_TIMEOUT)).as("cluster run exit code; log:\n%s", cluster.tail(80)).isZero();
      }
      assertThat(local.await(APPLICATION_TIMEOUT)).as("local run exit code; log:\n%s", local.tail(80)).isZero();
    }
    Path fromHdfs = temp.resolve("hdfs-out");
    hdfs.download(hdfsOut, fromHdfs);
    RunTables.Comparison comparison = RunTables.compare(RunTables.latestRun(localOut), RunTables.latestRun(fromHdfs), TOLERANCE);
    return new Runs(comparison, EventLog.readOnlyApplication(logs.resolve("events-cluster")), kill);
  }

  record Kill(String executorId, String worker) {}

  private static List<String> options(List<String> master) {
    List<String> options = new ArrayList<>(master);
    options.addAll(SHARED_SETTINGS);
    return options;
  }

  private static void copyRecursively(Path source, Path target) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.copy(path, target.resolve(source.relativize(path).toString()));
      }
    }
  }

  /**
   * Watches the driver log for the fit's jobs and, once the {@value #KILL_AT_FIT_JOB}nd has
   * started, SIGKILLs one executor of the cluster, as a crashed machine would.
   */
  private static Kill killOneExecutorDuringTheFit(ChildProcess driver, StandaloneSparkCluster spark) throws Exception {
    long deadline = System.nanoTime() + APPLICATION_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!driver.isAlive()) {
        throw new AssertionError("the application ended before its fit's job " + KILL_AT_FIT_JOB + " started:\n" + driver.tail(60));
      }
      long started = Files.readAllLines(driver.log()).stream().filter(line -> FIT_JOB_STARTED.matcher(line).find()).count();
      if (started >= KILL_AT_FIT_JOB) {
        List<StandaloneSparkCluster.Executor> executors = spark.executors();
        assertThat(executors).as("executors of the cluster").isNotEmpty();
        StandaloneSparkCluster.Executor victim = executors.get(0);
        victim.kill();
        System.out.printf("killed executor %s on %s (pid %d) after fit job %d started%n", victim.executorId(), victim.worker(),
            victim.process().pid(), started);
        return new Kill(victim.executorId(), victim.worker());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the fit did not start within " + APPLICATION_TIMEOUT + ":\n" + driver.tail(60));
  }
}
