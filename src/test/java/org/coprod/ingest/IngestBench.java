package org.coprod.ingest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.coprod.generate.GenerationResult;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;

/**
 * Benchmark program (not a test): generates CSV data, then times in the same JVM and session
 * (1) a baseline, Spark's own CSV reader with the contract schema and a Parquet write of each
 * source, and (2) {@link IngestStage#run} on the same files. Prints a Markdown section for
 * BENCHMARKS.md.
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx6g --add-opens=java.base/sun.nio.ch=ALL-UNNAMED ... \
 *   -cp target/classes:target/test-classes:$(cat target/cp.txt) org.coprod.ingest.IngestBench \
 *   CITIZENS EVENTS_PER_CITIZEN DIRTY_RATE WORK_DIR
 * </pre>
 */
public final class IngestBench {

  private IngestBench() {}

  public static void main(String[] args) {
    long citizens = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    double eventsPerCitizen = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    double dirtyRate = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
    String work = args.length > 3 ? args[3] : "target/ingest-bench";
    SparkSession spark = SparkSession.builder().appName("ingest-bench").master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path root = Path.of(work).toAbsolutePath();
    String data = root.resolve("data").toString();
    long started = System.nanoTime();
    GenerationResult generated = Generator.generate(spark, GeneratorConfig.of(citizens, 42, OutputFormat.CSV, data)
        .withDirtyRate(dirtyRate).withEventsPerCitizen(eventsPerCitizen));
    double generateSeconds = seconds(started);

    started = System.nanoTime();
    for (SourceContract source : Contracts.all()) {
      spark.sparkContext().setJobDescription("baseline " + source.name());
      spark.read().option("header", "true").schema(baselineSchema(source, dirtyRate))
          .csv(root.resolve("data").resolve(source.name()).toString())
          .write().mode(SaveMode.Overwrite).parquet(root.resolve("baseline").resolve(source.name()).toString());
    }
    double baselineSeconds = seconds(started);

    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      inputs.put(source.name(), new InputSpec(source.name(), root.resolve("data").resolve(source.name()).toString(),
          InputSpec.Format.CSV, ","));
    }
    JobSpec spec = new JobSpec("bench", inputs, root.toString(), "COPROD_BENCH_KEY_UNSET", "bench-demo-key", 10,
        List.of());
    started = System.nanoTime();
    IngestResult result = IngestStage.run(spark, spec, root.resolve("clean").toString(), name -> null,
        UnaryOperator.identity());
    double ingestSeconds = seconds(started);
    long lines = generated.totalLines();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n## Ingest vs plain Spark CSV-to-Parquet (%d citizens, %s events per "
        + "citizen, dirty rate %s)%n%n", citizens, eventsPerCitizen, dirtyRate));
    out.append(String.format(Locale.ROOT, "Machine: %d cores available to the JVM, local[*], max heap %d MB.%n"
        + "Data lines (all sources): %,d (usage: %,d). Generation took %.1f s.%n%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, lines,
        generated.lines().get("usage"), generateSeconds));
    out.append("| run | seconds | lines per second |\n|---|---|---|\n");
    out.append(String.format(Locale.ROOT, "| baseline: spark.read.csv(contract schema) + write.parquet | %.1f | %,.0f |%n",
        baselineSeconds, lines / baselineSeconds));
    out.append(String.format(Locale.ROOT, "| IngestStage.run (validate, pseudonymise, quarantine, atomic publish) | "
        + "%.1f | %,.0f |%n", ingestSeconds, lines / ingestSeconds));
    out.append(String.format(Locale.ROOT, "%nIngest / baseline: %.2fx. Per source (read / accepted / quarantined / "
        + "dropped):%n%n", ingestSeconds / baselineSeconds));
    result.sources().values().forEach(s -> out.append(String.format(Locale.ROOT, "- %s: %,d / %,d / %,d / %,d%n",
        s.source(), s.counts().read(), s.counts().accepted(), s.counts().quarantined(),
        s.counts().duplicatesDropped())));
    out.append("\nReproduce: see the javadoc of org.coprod.ingest.IngestBench (arguments: ").append(citizens)
        .append(' ').append(eventsPerCitizen).append(' ').append(dirtyRate).append(" WORK_DIR).\n");
    System.out.print(out);
    result.release();
    spark.stop();
  }

  /** The contract schema plus, in dirty survey files, the personal columns the generator adds. */
  private static org.apache.spark.sql.types.StructType baselineSchema(SourceContract source, double dirtyRate) {
    org.apache.spark.sql.types.StructType schema = source.plainSchema();
    if (source.name().equals("survey") && dirtyRate > 0) {
      for (String column : Contracts.PERSONAL_DATA_COLUMNS) {
        schema = schema.add(column, org.apache.spark.sql.types.DataTypes.StringType);
      }
    }
    return schema;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
