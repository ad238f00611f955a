package org.coprod.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic population with known true effects: municipalities, neighbourhoods,
 * survey respondents, their platform accounts, links and usage events, plus truth.json (the
 * data-generating model) and manifest.json (counts, including every injected defect).
 *
 * <p>Generation is distributed: one Spark task per partition of {@link
 * GeneratorConfig#rowsPerPartition} respondents, each value drawn from a generator seeded by
 * (seed, entity), so the output is byte-identical for any Spark parallelism. Nothing row-level
 * passes through the driver; it only collects per-partition counts.
 */
public final class Generator {

  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

  private Generator() {}

  /** Generates into {@code config.out()}, replacing earlier generated folders and files there. */
  public static GenerationResult generate(SparkSession spark, GeneratorConfig config) {
    long started = System.nanoTime();
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String root;
    try {
      Path out = new Path(config.out());
      root = out.getFileSystem(hadoop).makeQualified(out).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OutputFiles files = new OutputFiles(root, hadoop);
    for (SourceContract source : Contracts.all()) {
      files.delete(files.path(source.name()));
    }
    files.delete(files.path("truth.json"));
    files.delete(files.path("manifest.json"));

    Map<String, SourceStats> totals = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      totals.put(source.name(), new SourceStats(source.name(), -1));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      if (config.format().isText()) {
        writeText(jsc, config, files, totals);
      } else {
        writeParquet(spark, jsc, config, files, totals);
      }
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    files.writeText(files.path("truth.json"), Json.write(TrueModel.standard().toJson(config)));
    // The manifest is written last: its presence marks a complete generation.
    files.writeText(files.path("manifest.json"), Json.write(Manifest.toJson(config, totals, files)));
    long millis = (System.nanoTime() - started) / 1_000_000;
    Map<String, Long> lines = new LinkedHashMap<>();
    Map<String, Long> injected = new LinkedHashMap<>();
    totals.forEach((name, stats) -> {
      lines.put(name, stats.lines);
      long sum = 0;
      for (long count : stats.injected) {
        sum += count;
      }
      injected.put(name, sum);
    });
    LOG.info("generate: {} respondents, lines {}, injected defects {}, {} ms, into {}", config.citizens(), lines,
        injected, millis, root);
    return new GenerationResult(root, lines, injected, millis);
  }

  private static void writeText(JavaSparkContext jsc, GeneratorConfig config, OutputFiles files,
      Map<String, SourceStats> totals) {
    for (SourceContract source : Contracts.all()) {
      files.mkdirs(files.path(source.name()));
    }
    jsc.setJobDescription("generate: neighbourhoods and municipalities (" + config.format().extension() + ")");
    List<SourceStats> small = jsc.parallelize(List.of(0), 1)
        .flatMap(ignored -> TextTasks.writeAreas(config, files).iterator())
        .collect();
    int partitions = config.citizenPartitions();
    jsc.setJobDescription("generate: survey, links, usage (" + partitions + " partitions)");
    List<SourceStats> citizens = jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
        .flatMap(partition -> TextTasks.writeCitizens(config, files, partition).iterator())
        .collect();
    merge(totals, small);
    merge(totals, citizens);
  }

  private static void writeParquet(SparkSession spark, JavaSparkContext jsc, GeneratorConfig config,
      OutputFiles files, Map<String, SourceStats> totals) {
    for (SourceContract source : Contracts.all()) {
      CollectionAccumulator<SourceStats> accumulator = spark.sparkContext().collectionAccumulator(source.name());
      boolean citizenLevel = !Contracts.NEIGHBOURHOODS.equals(source) && !Contracts.MUNICIPALITIES.equals(source);
      int partitions = citizenLevel ? config.citizenPartitions() : 1;
      jsc.setJobDescription("generate: " + source.name() + " (parquet, " + partitions + " partitions)");
      String sourceName = source.name();
      JavaRDD<Row> rows = jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
          .flatMap(partition -> new RowIterator(config, Contracts.byName(sourceName), partition, accumulator));
      String directory = files.path(source.name()).toString();
      spark.createDataFrame(rows, writtenSchema(source, config)).write().option("compression", "snappy")
          .parquet(directory);
      files.normaliseSparkOutput(files.path(source.name()), "parquet");
      // Accumulator updates of a successful result task count once; keep one per partition anyway.
      Map<Integer, SourceStats> byPartition = new LinkedHashMap<>();
      accumulator.value().forEach(stats -> byPartition.put(stats.partition, stats));
      merge(totals, new ArrayList<>(byPartition.values()));
    }
  }

  /** The Parquet schema of a written source: the contract's types, all nullable, plus personal data if dirty. */
  static StructType writtenSchema(SourceContract source, GeneratorConfig config) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : source.schema().fields()) {
      fields.add(DataTypes.createStructField(field.name(), field.dataType(), true, field.metadata()));
    }
    List<String> written = DirtInjector.writtenColumns(source, config);
    for (String extra : written.subList(source.columns().size(), written.size())) {
      fields.add(DataTypes.createStructField(extra,
          extra.equals("date_of_birth") ? DataTypes.DateType : DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static void merge(Map<String, SourceStats> totals, List<SourceStats> parts) {
    for (SourceStats part : parts) {
      totals.get(part.source).add(part);
    }
  }

  /** Text tasks: each writes whole part files and returns its counts. */
  static final class TextTasks {

    private TextTasks() {}

    static List<SourceStats> writeAreas(GeneratorConfig config, OutputFiles files) throws IOException {
      SourceStats neighbourhoods = new SourceStats(Contracts.NEIGHBOURHOODS.name(), 0);
      SourceStats municipalities = new SourceStats(Contracts.MUNICIPALITIES.name(), 0);
      try (Part n = new Part(config, files, Contracts.NEIGHBOURHOODS, 0);
          Part m = new Part(config, files, Contracts.MUNICIPALITIES, 0)) {
        CitizenPartition.neighbourhoods(config, new DirtInjector(config, Contracts.NEIGHBOURHOODS, neighbourhoods), n);
        CitizenPartition.municipalities(config, new DirtInjector(config, Contracts.MUNICIPALITIES, municipalities),
            m);
      }
      return List.of(neighbourhoods, municipalities);
    }

    static List<SourceStats> writeCitizens(GeneratorConfig config, OutputFiles files, int partition)
        throws IOException {
      SourceStats survey = new SourceStats(Contracts.SURVEY.name(), partition);
      SourceStats links = new SourceStats(Contracts.LINKS.name(), partition);
      SourceStats usage = new SourceStats(Contracts.USAGE.name(), partition);
      try (Part s = new Part(config, files, Contracts.SURVEY, partition);
          Part l = new Part(config, files, Contracts.LINKS, partition);
          Part u = new Part(config, files, Contracts.USAGE, partition)) {
        CitizenPartition citizens = new CitizenPartition(config, partition);
        CitizenPartition.Sinks sinks = new CitizenPartition.Sinks(
            new DirtInjector(config, Contracts.SURVEY, survey), s,
            new DirtInjector(config, Contracts.LINKS, links), l,
            new DirtInjector(config, Contracts.USAGE, usage), u);
        while (citizens.next(sinks)) {
          // rows flow into the part files
        }
      }
      return List.of(survey, links, usage);
    }
  }

  /** One open text part file of one source. */
  private static final class Part implements DirtInjector.RowSink, AutoCloseable {
    private final OutputStream stream;
    private final TextRowWriter writer;

    Part(GeneratorConfig config, OutputFiles files, SourceContract source, int partition) throws IOException {
      this.stream = files.create(files.path(source.name(),
          OutputFiles.partName(partition, config.format().extension())));
      this.writer = new TextRowWriter(config.format(), DirtInjector.writtenColumns(source, config), stream);
      writer.header();
    }

    @Override
    public void accept(Object[] values, boolean truncate, double cut) {
      try {
        writer.write(values, truncate, cut);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Lazily generated Parquet rows of one source in one partition: memory stays per citizen. */
  private static final class RowIterator implements Iterator<Row> {
    private final ArrayDeque<Row> buffer = new ArrayDeque<>();
    private final CitizenPartition citizens;
    private final CitizenPartition.Sinks sinks;
    private final SourceStats stats;
    private final CollectionAccumulator<SourceStats> accumulator;
    private boolean exhausted;
    private boolean reported;

    RowIterator(GeneratorConfig config, SourceContract source, int partition,
        CollectionAccumulator<SourceStats> accumulator) {
      this.stats = new SourceStats(source.name(), partition);
      this.accumulator = accumulator;
      DirtInjector dirt = new DirtInjector(config, source, stats);
      DirtInjector.RowSink sink = (values, truncate, cut) -> buffer.add(RowFactory.create(values));
      if (Contracts.NEIGHBOURHOODS.equals(source) || Contracts.MUNICIPALITIES.equals(source)) {
        citizens = null;
        sinks = null;
        if (Contracts.NEIGHBOURHOODS.equals(source)) {
          CitizenPartition.neighbourhoods(config, dirt, sink);
        } else {
          CitizenPartition.municipalities(config, dirt, sink);
        }
      } else {
        citizens = new CitizenPartition(config, partition);
        sinks = new CitizenPartition.Sinks(
            Contracts.SURVEY.equals(source) ? dirt : null, sink,
            Contracts.LINKS.equals(source) ? dirt : null, sink,
            Contracts.USAGE.equals(source) ? dirt : null, sink);
      }
    }

    @Override
    public boolean hasNext() {
      while (buffer.isEmpty() && !exhausted) {
        exhausted = citizens == null || !citizens.next(sinks);
      }
      if (buffer.isEmpty() && !reported) {
        reported = true;
        accumulator.add(stats);
      }
      return !buffer.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.poll();
    }
  }
}
