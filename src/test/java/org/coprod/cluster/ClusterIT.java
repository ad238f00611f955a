package org.coprod.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond one machine: the thin application jar submitted with Spark's own SparkSubmit to a
 * standalone cluster (a Master and two Workers, separate JVMs on loopback) reading its inputs
 * from and writing its outputs to a real HDFS. The first test runs the whole sample pipeline
 * ({@code run} on jobs/sample.yaml with {@code hdfs://} URIs: ingest, features, four models,
 * divide, manifest, report) while one executor is killed in the middle of the multilevel fit;
 * Spark reschedules the lost work and every output table must equal the local-mode run of the
 * same spec: row counts exactly, numbers to 1e-8. The second takes the {@code fit} command's
 * pooled path (a weighted logit on golden data) through the same cluster and HDFS.
 *
 * <p>Run alone with {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='Cluster*'};
 * {@code -Dcoprod.cluster.keep=true} keeps the logs, event logs and HDFS storage for a look.
 */
class ClusterIT {

  static final Path JAR = Path.of(System.getProperty("coprod.jar", "target/coprod-0.1.0.jar"));
  static final double TOLERANCE = 1e-8;
  static final Duration APPLICATION_TIMEOUT = Duration.ofMinutes(10);
  /** The multilevel fit's per-iteration job: one treeAggregate over the cached group blocks. */
  static final String FIT_JOB = "treeAggregate at SparkGroupedLikelihood";
  private static final Pattern FIT_JOB_STARTED = Pattern.compile("Got job \\d+ \\(" + Pattern.quote(FIT_JOB));
  /** The executor is killed once this many fit jobs have started: the group blocks are cached by then. */
  private static final int KILL_AT_FIT_JOB = 2;

  /** Every table a run of the sample spec publishes. */
  static final List<String> PIPELINE_TABLES = List.of("quality", "quarantine", "features", "neighbourhood_features",
      "municipality_features", "feature_catalog", "factor_effects", "model_fit", "variance_components", "group_effects", "divide");

  /** The sample's five inputs (data/sample/, made by {@code jobs/coprod generate}). */
  static final List<String> SAMPLE_SOURCES = List.of("survey", "usage", "links", "neighbourhoods", "municipalities");

  /**
   * Settings both runs share. Four partitions on two cores: aggregations then merge more than
   * two partial sums, whose floating-point order depends on which task finishes first, so the
   * comparison shows how close the runs are when they are not bit-for-bit equal. Four shuffle
   * partitions instead of Spark's 200, as in the Spark test session: the sample's ingest and
   * features run a few dozen shuffles, and 200 tasks each on two one-core executors take the
   * pipeline from about a minute to over ten. Every source on ingest's direct path, which the
   * sample's small files would not take otherwise: its executors write the second pass's scratch
   * files to HDFS, report them through an accumulator, and hold the survey's keys as broadcast
   * texts, each of which the comparison with local mode checks across JVMs.
   */
  static final List<String> SHARED_SETTINGS = List.of("--conf", "spark.default.parallelism=4",
      "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.coprod.ingest.directMinBytes=0");

  @RegisterExtension static final LoopbackCluster CLUSTER = new LoopbackCluster(2);

  @TempDir Path temp;

  /**
   * {@code run} on jobs/sample.yaml itself, all four models (two pooled, two AGQ with 7
   * nodes), with its input paths pointed at {@code {in}/<source>} and its output at {@code {out}}:
   * local paths for the local-mode run, {@code hdfs://} URIs for the cluster run.
   */
  CommandUnderTest samplePipeline() throws IOException {
    String spec = Files.readString(Path.of("jobs/sample.yaml"));
    assertThat(spec).contains("../data/sample/").contains("output: ../out/sample");
    Path template = temp.resolve("sample-template.yaml");
    Files.writeString(template, spec.replace("../data/sample/", "{in}/").replace("output: ../out/sample", "output: {out}"));
    Map<String, Path> inputs = new LinkedHashMap<>();
    SAMPLE_SOURCES.forEach(source -> inputs.put(source, Path.of("data/sample", source).toAbsolutePath()));
    return CommandUnderTest.run(template, inputs);
  }

  @Test
  void samplePipelineOnHdfsAndStandaloneWithAnExecutorKilledMidFitMatchesLocalMode() throws Exception {
    long start = System.nanoTime();
    CommandUnderTest command = samplePipeline();
    Runs runs = runLocallyAndOnCluster("pipeline", command, true);

    // The kill happened while the multilevel fit's jobs ran, and Spark noticed and recovered.
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
    assertThat(comparison.counts()).containsOnlyKeys(PIPELINE_TABLES);
    assertThat(comparison.counts()).containsEntry("model_fit", 4L);
    assertThat(comparison.counts()).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
    assertThat(comparison.differences()).as("cluster vs local-mode outputs").isEmpty();

    long fitJobsAfterKill = fitJobs.stream().filter(job -> job.submitted() > removal.timestamp()).count();
    System.out.printf(
        "cluster test: %s; executor %s (%s) killed at fit job %d of %d (%d fit jobs after the loss), removal reason \"%s\";"
            + " %d failed tasks %s; %d executors added in all; tables %s equal to local mode within %s"
            + " (largest scaled difference %.3g at %s; %s); %.1f s%n",
        command.name(), kill.executorId(), kill.worker(), KILL_AT_FIT_JOB, fitJobs.size(), fitJobsAfterKill, removal.reason(),
        events.taskFailures().size(), events.taskFailures().stream().map(EventLog.TaskFailure::reason).distinct().toList(),
        events.executorsAdded(), comparison.counts(), TOLERANCE, comparison.largestScaledDifference(), comparison.largestAt(),
        comparison.perTable(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * The {@code fit} command's pooled path on the cluster: a weighted logit on the golden data
   * (R's {@code glm}), whose exact AUC sorts scores across executors, read from and written to
   * HDFS.
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
   * the cluster run's multilevel fit, and compares the outputs. Input locations that a table
   * records (quarantine.file) are compared relative to each run's input folder.
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
    RunTables.Comparison comparison = RunTables.compare(
        new RunTables.Side(RunTables.latestRun(localOut), List.of("file://" + localIn.toAbsolutePath(), "file:" + localIn.toAbsolutePath(), localIn.toAbsolutePath().toString())),
        new RunTables.Side(RunTables.latestRun(fromHdfs), List.of(hdfsRoot + "/in")),
        TOLERANCE);
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
   * Watches the driver log for the multilevel fit's jobs and, once the {@value #KILL_AT_FIT_JOB}nd
   * has started, SIGKILLs one executor of the cluster, as a crashed machine would.
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
