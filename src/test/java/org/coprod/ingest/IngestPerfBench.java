package org.coprod.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;

/**
 * Benchmark program (not a test): ingest against a plain Spark read and Parquet write of the
 * same files, alternating in one JVM and one session, with a per-job breakdown of each ingest
 * (description, wall time, stages, tasks) from a {@link JobProfile} listener.
 *
 * <p>Ingest is timed as the {@code ingest} command runs it: {@link IngestStage#run}, then the
 * quality table (one file) and the quarantine table written as Parquet, then
 * {@link IngestResult#release()}. The session is what {@code jobs/coprod} builds on this machine:
 * {@code local[2]} (or {@code -Dbench.master}), UTC, and Spark's defaults otherwise (200 shuffle
 * partitions, AQE on), unless {@code --conf K=V} says otherwise.
 *
 * <pre>
 * jobs/bench org.coprod.ingest.IngestPerfBench --data data/sample --runs 3 --work /tmp/ingest-bench
 * jobs/bench org.coprod.ingest.IngestPerfBench --spec jobs/sample.yaml --runs 3
 * jobs/bench org.coprod.ingest.IngestPerfBench --data /tmp/gen1m --format csv --runs 3 --profile
 * </pre>
 *
 * Options: {@code --data DIR} (one folder per source, as the generator writes them) and
 * {@code --format csv|json|parquet}, or {@code --spec JOB.yaml}; {@code --runs N} (default 3);
 * {@code --work DIR} (default target/ingest-perf); {@code --profile} prints every run's jobs (the
 * baseline's and the ingest's);
 * {@code --only ingest|baseline}; {@code --conf K=V} (repeatable) sets a session conf;
 * {@code --baseline by-month} writes the baseline's usage partitioned by its UTC month, as the
 * ingest writes it (Parquet's defaults otherwise), instead of plainly.
 */
public final class IngestPerfBench {

  private IngestPerfBench() {}

  public static void main(String[] args) throws IOException {
    String data = null;
    String specFile = null;
    InputSpec.Format format = InputSpec.Format.CSV;
    int runs = 3;
    String work = "target/ingest-perf";
    boolean profile = false;
    String only = null;
    boolean baselineByMonth = false;
    Map<String, String> confs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = args[++i];
        case "--spec" -> specFile = args[++i];
        case "--format" -> format = InputSpec.Format.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--work" -> work = args[++i];
        case "--profile" -> profile = true;
        case "--only" -> only = args[++i];
        case "--baseline" -> {
          String way = args[++i];
          if (!way.equals("plain") && !way.equals("by-month")) {
            throw new IllegalArgumentException("--baseline " + way + ": plain or by-month");
          }
          baselineByMonth = way.equals("by-month");
        }
        case "--conf" -> {
          String[] kv = args[++i].split("=", 2);
          confs.put(kv[0], kv[1]);
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path root = Path.of(work).toAbsolutePath();
    JobSpec spec = specFile != null ? JobSpecReader.read(Path.of(specFile)) : spec(Path.of(data), format, root);
    SparkSession.Builder builder = SparkSession.builder().appName("ingest-perf-bench")
        .master(System.getProperty("bench.master", "local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1");
    // As the product's local mode; --conf spark.hadoop.fs.file.impl=org.apache.hadoop.fs.LocalFileSystem undoes it.
    org.coprod.hadoop.ForklessLocalFileSystem.inLocalMode(builder, System.getProperty("bench.master", "local[2]"));
    SparkConf given = new SparkConf(false);
    confs.forEach(given::set);
    org.coprod.cli.SparkSessions.reuseCompiledClasses(builder, given);
    confs.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JobProfile jobs = JobProfile.attach(spark);

    System.out.printf(Locale.ROOT, "machine: nproc %d, max heap %d MiB, %s, load average at start %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, memTotal(), loadAverage());
    System.out.println("baseline: " + (baselineByMonth ? "usage partitioned by month, the others plainly" : "plain"));
    System.out.printf(Locale.ROOT, "inputs: %s%n", describe(spec));
    List<Double> baseline = new ArrayList<>();
    List<Double> ingest = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      if (!"ingest".equals(only)) {
        clear(root.resolve("baseline"));
        ProcessTimes before = ProcessTimes.now();
        long started = System.nanoTime();
        baseline(spark, spec, root.resolve("baseline"), baselineByMonth);
        double seconds = seconds(started);
        baseline.add(seconds);
        List<JobProfile.Job> done = jobs.drain(spark);
        System.out.printf(Locale.ROOT, "run %d baseline %.2f s (%d jobs, %d tasks), load %s, %s%n", run, seconds,
            done.size(), done.stream().mapToInt(JobProfile.Job::tasks).sum(), loadAverage(), before.since());
        if (profile) {
          System.out.print(JobProfile.format(done));
        }
      }
      if (!"baseline".equals(only)) {
        clear(root.resolve("ingest"));
        ProcessTimes before = ProcessTimes.now();
        long started = System.nanoTime();
        IngestResult result = ingest(spark, spec, root.resolve("ingest"));
        double seconds = seconds(started);
        ingest.add(seconds);
        List<JobProfile.Job> done = jobs.drain(spark);
        System.out.printf(Locale.ROOT, "run %d ingest %.2f s (%d jobs, %d tasks, %.2f s in jobs), load %s, %s%n", run,
            seconds, done.size(), done.stream().mapToInt(JobProfile.Job::tasks).sum(),
            done.stream().mapToLong(JobProfile.Job::millis).sum() / 1e3, loadAverage(), before.since());
        if (run == 1) {
          System.out.println("  quarantine schema " + result.quarantine().schema().json());
          result.sources().values().forEach(s -> System.out.printf(Locale.ROOT,
              "  %s: read %d, accepted %d, quarantined %d, dropped %d, personal %d, by rule %s%n", s.source(),
              s.counts().read(), s.counts().accepted(), s.counts().quarantined(), s.counts().duplicatesDropped(),
              s.counts().personalRemoved(), s.counts().failingRule()));
        }
        if (profile) {
          System.out.print(JobProfile.format(done));
        }
      }
    }
    System.out.printf(Locale.ROOT, "baseline runs %s, median %.2f s%n", format(baseline), median(baseline));
    System.out.printf(Locale.ROOT, "ingest runs %s, median %.2f s%n", format(ingest), median(ingest));
    if (!baseline.isEmpty() && !ingest.isEmpty()) {
      double[] ratios = new double[Math.min(baseline.size(), ingest.size())];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = ingest.get(i) / baseline.get(i);
      }
      System.out.printf(Locale.ROOT, "ingest / baseline per run %s; median of ratios %.2f; ratio of medians %.2f%n",
          Arrays.toString(Arrays.stream(ratios).map(r -> Math.round(r * 100) / 100.0).toArray()),
          median(Arrays.stream(ratios).boxed().toList()), median(ingest) / median(baseline));
    }
    System.out.printf(Locale.ROOT, "load average at end %s%n", loadAverage());
    spark.stop();
  }

  /** The generator's layout: DIR/&lt;source&gt;/ for each source present, no mapping. */
  private static JobSpec spec(Path data, InputSpec.Format format, Path root) {
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      Path folder = data.resolve(source.name());
      if (Files.isDirectory(folder)) {
        inputs.put(source.name(), new InputSpec(source.name(), folder.toAbsolutePath().toString(), format, ","));
      }
    }
    return new JobSpec("bench", inputs, root.toString(), "COPROD_BENCH_KEY_UNSET", "bench-demo-key", 10, List.of());
  }

  static IngestResult ingest(SparkSession spark, JobSpec spec, Path out) {
    IngestResult result = IngestStage.run(spark, spec, out.resolve("clean").toString(), name -> null,
        UnaryOperator.identity());
    long memory = 0;
    long disk = 0;
    for (org.apache.spark.storage.RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      memory += info.memSize();
      disk += info.diskSize();
    }
    System.out.printf(Locale.ROOT, "  cached after ingest: %d MiB in memory, %d MiB on disk%n", memory >> 20,
        disk >> 20);
    spark.sparkContext().setJobDescription("write quality");
    result.quality().coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(out.resolve("quality").toString());
    spark.sparkContext().setJobDescription("write quarantine");
    result.quarantine().write().mode(SaveMode.ErrorIfExists).parquet(out.resolve("quarantine").toString());
    spark.sparkContext().setJobDescription(null);
    result.release();
    return result;
  }

  /**
   * Spark's own reader and a Parquet write of each input: for CSV the header's columns, typed as
   * the contract types them where the name is a contract column and as text otherwise.
   */
  static void baseline(SparkSession spark, JobSpec spec, Path out, boolean usageByMonth) {
    for (InputSpec input : spec.inputs().values()) {
      spark.sparkContext().setJobDescription("baseline " + input.source());
      String target = out.resolve(input.source()).toString();
      Dataset<Row> frame = switch (input.format()) {
        case PARQUET -> spark.read().parquet(input.location());
        case JSON -> spark.read().schema(Contracts.byName(input.source()).plainSchema()).json(input.location());
        case CSV -> spark.read().option("header", "true").option("delimiter", input.delimiter())
            .schema(csvSchema(spark, input)).csv(input.location());
      };
      if (usageByMonth && input.source().equals("usage")) {
        frame.withColumn("month", IngestStage.utcMonth(frame.col("ts"))).write().partitionBy("month")
            .mode(SaveMode.ErrorIfExists).parquet(target);
      } else {
        frame.write().mode(SaveMode.ErrorIfExists).parquet(target);
      }
    }
    spark.sparkContext().setJobDescription(null);
  }

  private static StructType csvSchema(SparkSession spark, InputSpec input) {
    InputFiles.Checked checked = InputFiles.check(spark, input.contract(Contracts.byName(input.source())), input);
    ColumnPlan plan = checked.plans().values().iterator().next().plan();
    StructType contract = Contracts.byName(input.source()).plainSchema();
    StructType schema = new StructType();
    for (String column : plan.fileColumns) {
      boolean known = Arrays.asList(contract.fieldNames()).contains(column);
      schema = schema.add(column, known ? contract.apply(column).dataType() : DataTypes.StringType);
    }
    return schema;
  }

  private static String describe(JobSpec spec) {
    List<String> parts = new ArrayList<>();
    for (InputSpec input : spec.inputs().values()) {
      parts.add(input.source() + " " + input.format().name().toLowerCase(Locale.ROOT) + " " + input.location() + " ("
          + bytes(input.location()) / 1024 + " KiB)");
    }
    return String.join("; ", parts);
  }

  private static long bytes(String location) {
    Path path = Path.of(location.replaceFirst("^file:", ""));
    try (var files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void clear(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The process's CPU time (every thread: tasks, the driver, the collector, the compilers), the
   * collectors' and the JIT compilers' time (HotSpot's total compilation time) so far, and how
   * many classes Spark has generated and compiled (each query whose generated code is not in
   * Spark's cache of compiled classes adds one; a class compiled again is new work for the JIT).
   * A run's CPU time beside its tasks' (--profile) tells how much of the two cores went elsewhere
   * than into tasks.
   */
  private record ProcessTimes(long cpuNanos, long collectorMillis, long jitMillis, long generatedClasses) {

    static ProcessTimes now() {
      long collector = 0;
      for (java.lang.management.GarbageCollectorMXBean bean
          : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        collector += Math.max(0, bean.getCollectionTime());
      }
      com.sun.management.OperatingSystemMXBean system = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
      long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
      long generated = org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
      return new ProcessTimes(system.getProcessCpuTime(), collector, jitMillis, generated);
    }

    /** "process CPU x s, collectors y s, JIT z s, n classes generated" since this. */
    String since() {
      ProcessTimes end = now();
      return String.format(Locale.ROOT, "process CPU %.1f s, collectors %.1f s, JIT %.1f s, %d classes generated",
          (end.cpuNanos - cpuNanos) / 1e9, (end.collectorMillis - collectorMillis) / 1e3,
          (end.jitMillis - jitMillis) / 1e3, end.generatedClasses - generatedClasses);
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "MemTotal unknown";
    }
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
