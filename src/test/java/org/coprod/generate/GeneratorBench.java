package org.coprod.generate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Benchmark program (not a test): generates N respondents (about 20 usage events each) on
 * {@code local[2]} and, in the same JVM and run, a baseline of plain Spark writing the same
 * number of rows per source, with columns of the same types, in the same number of
 * partitions and format ({@code spark.range} plus expressions). Prints rows/s, seconds and peak
 * heap of each, the median over the runs, and the generator/baseline throughput ratio.
 *
 * <pre>
 *   java -Xmx4g [Spark's --add-opens] -cp target/classes:target/test-classes:SPARK_CLASSPATH \
 *     org.coprod.generate.GeneratorBench --format csv --runs 3 1000000
 * </pre>
 *
 * <p>{@code --skip-baseline} times the generator alone (for sizes where the baseline takes too long).
 */
public final class GeneratorBench {

  private GeneratorBench() {}

  record Measure(double seconds, long rows, long peakHeapBytes) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  public static void main(String[] args) throws IOException {
    OutputFormat format = OutputFormat.CSV;
    int runs = 3;
    boolean withBaseline = true;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "coprod-bench");
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--format" -> format = OutputFormat.parse(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--skip-baseline" -> withBaseline = false;
        default -> sizes.add(Long.parseLong(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes.add(1_000_000L);
    }
    SparkSession spark = SparkSession.builder().appName("coprod-generator-bench").master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf(Locale.ROOT, "# GeneratorBench: local[2], %d cores, max heap %d MiB, format %s, %d run(s)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, format.extension(), runs);
    System.out.println("| citizens | what | run | rows | seconds | rows/s | peak heap MiB |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    for (long n : sizes) {
      List<Measure> generator = new ArrayList<>();
      List<Measure> baseline = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        GeneratorConfig config = GeneratorConfig.of(n, run, format, work.resolve("generated").toString());
        resetPeaks();
        long start = System.nanoTime();
        GenerationResult result = Generator.generate(spark, config);
        Measure g = new Measure((System.nanoTime() - start) / 1e9, result.totalLines(), peakHeap());
        generator.add(g);
        print(n, "generator", run, g);
        delete(work.resolve("generated"));
        if (!withBaseline) {
          continue;
        }

        resetPeaks();
        start = System.nanoTime();
        long rows = baseline(spark, config, result, work.resolve("baseline"));
        Measure b = new Measure((System.nanoTime() - start) / 1e9, rows, peakHeap());
        baseline.add(b);
        print(n, "baseline", run, b);
        delete(work.resolve("baseline"));
      }
      Measure g = median(generator);
      print(n, "generator (median)", 0, g);
      if (baseline.isEmpty()) {
        System.out.printf(Locale.ROOT, "# citizens %d: baseline skipped; process peak RSS %s%n", n, peakRss());
        continue;
      }
      Measure b = median(baseline);
      print(n, "baseline (median)", 0, b);
      System.out.printf(Locale.ROOT, "# citizens %d: generator/baseline throughput = %.2f; process peak RSS %s%n", n,
          g.rowsPerSecond() / b.rowsPerSecond(), peakRss());
    }
    spark.stop();
  }

  /** Plain Spark: the same rows per source, same column types, same partitions and format. */
  private static long baseline(SparkSession spark, GeneratorConfig config, GenerationResult result, Path out) {
    long total = 0;
    for (SourceContract source : Contracts.all()) {
      long rows = result.lines().get(source.name());
      boolean citizenLevel = !source.equals(Contracts.NEIGHBOURHOODS) && !source.equals(Contracts.MUNICIPALITIES);
      int partitions = citizenLevel ? config.citizenPartitions() : 1;
      String[] expressions = source.columns().stream().map(GeneratorBench::expression).toArray(String[]::new);
      var writer = spark.range(0, rows, 1, partitions).selectExpr(expressions).write();
      String path = out.resolve(source.name()).toString();
      switch (config.format()) {
        case CSV -> writer.option("header", "true").csv(path);
        case JSON -> writer.json(path);
        case PARQUET -> writer.parquet(path);
      }
      total += rows;
    }
    return total;
  }

  private static String expression(ColumnSpec column) {
    String name = column.name();
    if (!column.allowedValues().isEmpty() && DataTypes.StringType.equals(column.type())) {
      String values = String.join(",", column.allowedValues().stream().map(v -> "'" + v + "'").toList());
      return "element_at(array(" + values + "), cast(id % " + column.allowedValues().size() + " as int) + 1) as "
          + name;
    }
    if (DataTypes.StringType.equals(column.type())) {
      return "concat('X', lpad(hex((id * 2654435761) % 281474976710656), 12, '0')) as " + name;
    }
    if (DataTypes.IntegerType.equals(column.type())) {
      return "cast(id % 10 as int) as " + name;
    }
    if (DataTypes.DoubleType.equals(column.type())) {
      return "round(rand(7) * 100, 3) as " + name;
    }
    if (DataTypes.DateType.equals(column.type())) {
      return "date_add(date'2025-02-01', cast(id % 120 as int)) as " + name;
    }
    return "timestamp_seconds(1700000000 + id % 50000000) as " + name;
  }

  private static void print(long n, String what, int run, Measure m) {
    System.out.printf(Locale.ROOT, "| %,d | %s | %s | %,d | %.1f | %,.0f | %,d |%n", n, what,
        run == 0 ? "median" : String.valueOf(run), m.rows(), m.seconds(), m.rowsPerSecond(), m.peakHeapBytes() >> 20);
  }

  private static Measure median(List<Measure> measures) {
    List<Measure> sorted = measures.stream().sorted(Comparator.comparingDouble(Measure::seconds)).toList();
    Measure mid = sorted.get(sorted.size() / 2);
    long peak = measures.stream().mapToLong(Measure::peakHeapBytes).max().orElse(0);
    return new Measure(mid.seconds(), mid.rows(), peak);
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks since the last reset (an upper bound of the peak heap in use). */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).findFirst()
        .map(l -> l.replaceAll("\\s+", " ")).orElse("n/a");
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

}
