package org.coprod.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.coprod.cli.Main;

/**
 * Benchmark (issue 10): the whole pipeline at scale on local[2]. Generates a population with
 * coprod's generator (Parquet, dirty rate 1%), then runs {@code coprod run} on a job spec with
 * the sample's four models (two pooled logits with cluster-robust SEs, two random-intercept
 * logits by AGQ with 7 nodes) over it, through the same entry point as {@code jobs/coprod}.
 * For every stage (generate, ingest, features, each model, outputs) it prints wall time, peak
 * heap (polled) and the largest heap after a GC, and Spark's task metrics summed per stage:
 * input records, shuffle bytes and records read and written, spill. See {@link StageMetrics}.
 *
 * <pre>
 * jobs/bench pipeline --citizens 1000000 [--events-per-citizen 20] [--seed 20261128] [--dirty-rate 0.01]
 *                     [--work DIR] [--keep]
 * </pre>
 *
 * Spark settings are Spark's defaults (200 shuffle partitions, AQE on), as a user of
 * {@code jobs/coprod} gets them; {@code -Dbench.master=local[N]} changes the master.
 */
public final class PipelineBench {

  static final long DEFAULT_SEED = 20261128L;

  record Options(long citizens, double eventsPerCitizen, long seed, double dirtyRate, Path work, boolean keep) {}

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    Files.createDirectories(options.work());
    String load = loadAverage();
    SparkSession spark = session();
    StageMetrics metrics = new StageMetrics();
    spark.sparkContext().addSparkListener(metrics);
    try {
      run(spark, metrics, options, load);
    } finally {
      metrics.close();
      spark.stop();
      if (!options.keep()) {
        deleteRecursively(options.work());
      }
    }
  }

  /** Spark's defaults (200 shuffle partitions, AQE on), as a user's {@code jobs/coprod run} gets them. */
  static SparkSession session() {
    return BenchSupport.started(BenchSupport.builder("pipeline-bench"));
  }

  static void run(SparkSession spark, StageMetrics metrics, Options options, String loadBefore) throws IOException {
    Path data = options.work().resolve("data");
    Path out = options.work().resolve("out");
    metrics.begin("generate");
    spark.sparkContext().setJobGroup("generate", "generate: synthetic population (parquet)", false);
    int generated = Main.execute(() -> spark, "generate", "--citizens", Long.toString(options.citizens()),
        "--seed", Long.toString(options.seed()), "--format", "parquet", "--dirty-rate", Double.toString(options.dirtyRate()),
        "--events-per-citizen", Double.toString(options.eventsPerCitizen()), "--out", data.toString());
    spark.sparkContext().clearJobGroup();
    check(generated, "generate");

    Path spec = writeSpec(options.work().resolve("bench.yaml"), data, out);
    long start = System.nanoTime();
    metrics.begin("ingest");
    int ran = Main.execute(() -> spark, "run", spec.toString());
    check(ran, "run");
    double pipelineSeconds = (System.nanoTime() - start) / 1e9;
    waitForListenerBus(spark);
    metrics.end();

    Path run = out.resolve("runs").resolve(Files.readString(out.resolve("latest")).trim());
    print(options, metrics.stages(), pipelineSeconds, loadBefore, run);
  }

  /** The sample's four models (jobs/sample.yaml) on the generated Parquet inputs. */
  static Path writeSpec(Path spec, Path data, Path out) throws IOException {
    String sample = Files.readString(Path.of("jobs/sample.yaml"));
    String models = sample.substring(sample.indexOf("models:"));
    StringBuilder yaml = new StringBuilder("name: pipeline-bench\ninputs:\n");
    for (String source : List.of("survey", "usage", "links", "neighbourhoods", "municipalities")) {
      yaml.append("  ").append(source).append(": {path: ").append(data.resolve(source)).append(", format: parquet}\n");
    }
    yaml.append("output: ").append(out).append('\n');
    yaml.append("privacy:\n  key_env: COPROD_PSEUDONYM_KEY\n  demo_key: coprod-bench-demo-key-not-a-secret\n  min_group_size: 10\n");
    yaml.append(models);
    Files.writeString(spec, yaml.toString());
    return spec;
  }

  private static void print(Options options, Map<String, StageMetrics.Totals> stages, double pipelineSeconds, String loadBefore,
      Path run) throws IOException {
    System.out.println();
    System.out.printf(Locale.ROOT, "pipeline benchmark: %,d citizens, %.0f events per citizen, seed %d, dirty rate %s%n",
        options.citizens(), options.eventsPerCitizen(), options.seed(), options.dirtyRate());
    System.out.println("machine: " + BenchSupport.machine() + ", " + memory() + "; load average before " + loadBefore
        + ", after " + loadAverage());
    System.out.println("spark: " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", master "
        + System.getProperty("bench.master", "local[2]") + ", spark.sql.shuffle.partitions 200 (default), AQE on");
    System.out.println();
    System.out.println("| stage | wall s | jobs | tasks | peak heap MiB | max heap after GC MiB | input records | shuffle read MiB"
        + " | shuffle read records | shuffle write MiB | shuffle write records | spill (disk) MiB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    StageMetrics.Totals sum = new StageMetrics.Totals();
    for (Map.Entry<String, StageMetrics.Totals> entry : stages.entrySet()) {
      StageMetrics.Totals t = entry.getValue();
      System.out.println(row(entry.getKey(), t));
      sum.wallSeconds += t.wallSeconds;
      sum.jobs += t.jobs;
      sum.tasks += t.tasks;
      sum.peakHeap = Math.max(sum.peakHeap, t.peakHeap);
      sum.peakHeapAfterGc = Math.max(sum.peakHeapAfterGc, t.peakHeapAfterGc);
      sum.inputRecords += t.inputRecords;
      sum.shuffleReadBytes += t.shuffleReadBytes;
      sum.shuffleReadRecords += t.shuffleReadRecords;
      sum.shuffleWriteBytes += t.shuffleWriteBytes;
      sum.shuffleWriteRecords += t.shuffleWriteRecords;
      sum.diskSpilled += t.diskSpilled;
    }
    System.out.println(row("**total**", sum));
    System.out.println();
    System.out.printf(Locale.ROOT, "run command: %.1f s; shuffle written per citizen: %s%n", pipelineSeconds,
        perCitizen(stages, options.citizens()));
    System.out.println("manifest stage_seconds and counts: " + manifestExcerpt(run));
    System.out.printf(Locale.ROOT, "reproduce: jobs/bench pipeline --citizens %d --events-per-citizen %s --seed %d --dirty-rate %s%n",
        options.citizens(), stripZeros(options.eventsPerCitizen()), options.seed(), stripZeros(options.dirtyRate()));
  }

  private static String row(String stage, StageMetrics.Totals t) {
    // No collection during a short stage leaves "after GC" unknown rather than zero.
    String afterGc = t.peakHeapAfterGc == 0 ? "no GC" : String.format(Locale.ROOT, "%,d", mib(t.peakHeapAfterGc));
    return String.format(Locale.ROOT, "| %s | %.1f | %,d | %,d | %,d | %s | %,d | %,.1f | %,d | %,.1f | %,d | %,.1f |", stage,
        t.wallSeconds, t.jobs, t.tasks, mib(t.peakHeap), afterGc, t.inputRecords, mibDouble(t.shuffleReadBytes),
        t.shuffleReadRecords, mibDouble(t.shuffleWriteBytes), t.shuffleWriteRecords, mibDouble(t.diskSpilled));
  }

  private static String perCitizen(Map<String, StageMetrics.Totals> stages, long citizens) {
    List<String> parts = new ArrayList<>();
    stages.forEach((stage, t) -> {
      if (t.shuffleWriteBytes > 0) {
        parts.add(String.format(Locale.ROOT, "%s %.1f B", stage, (double) t.shuffleWriteBytes / citizens));
      }
    });
    return String.join(", ", parts);
  }

  private static String manifestExcerpt(Path run) throws IOException {
    com.fasterxml.jackson.databind.JsonNode manifest =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    return manifest.path("stage_seconds") + " " + manifest.path("counts");
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }

  private static double mibDouble(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String stripZeros(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static void check(int exitCode, String command) {
    if (exitCode != 0) {
      throw new IllegalStateException(command + " exited with " + exitCode);
    }
  }

  /** Task-end events arrive on the listener bus after the job has returned; wait for them. */
  private static void waitForListenerBus(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("listener bus not drained: " + e.getMessage());
    }
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(Locale.ROOT, "%.1f GiB RAM", kib / (1024.0 * 1024.0));
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "RAM unknown";
  }

  static Options parse(String[] args) {
    long citizens = 1_000_000;
    double events = 20;
    long seed = DEFAULT_SEED;
    double dirty = 0.01;
    Path work = null;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--citizens" -> citizens = Long.parseLong(args[++i].replace("_", ""));
        case "--events-per-citizen" -> events = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--dirty-rate" -> dirty = Double.parseDouble(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: pipeline --citizens N [--events-per-citizen E] [--seed S] [--dirty-rate R] [--work DIR] [--keep])");
      }
    }
    if (work == null) {
      work = Path.of("target", "bench-pipeline-" + citizens);
    }
    return new Options(citizens, events, seed, dirty, work.toAbsolutePath(), keep);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
