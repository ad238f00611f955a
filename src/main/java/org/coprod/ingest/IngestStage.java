package org.coprod.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: reads every source of a job spec, validates its rows against the input
 * contract, pseudonymises identifiers, drops personal data, and publishes one clean Parquet
 * table per source under {@code cleanFolder/<source>/} in a single atomic swap. Tables declared
 * in the spec's {@code tables:} are ingested the same way, against their declared contract, into
 * {@code cleanFolder/<table>/}.
 *
 * <p>Order of work: configuration (key, spec) and whole-file checks for every source and table
 * first, so that a bad header fails in milliseconds before any Spark job; then the keys that
 * sources reference, each from its source's files alone ({@link KnownKeysPass}), and each source
 * as soon as the keys it references are known (the neighbourhoods after the municipalities'
 * keys, the survey and usage after the neighbourhoods', links after the survey's; a table after
 * its source's), side by side ({@link SourceRuns}). Bad
 * rows never fail the job: they go to quarantine with every failed rule. Read = accepted +
 * quarantined + dropped is checked for each source before anything is published.
 *
 * <p>Spark work per source. Every source with at least 8 MiB of input takes the direct path
 * ({@link DirectIngest}):
 * a scan of its key hashes (in links, of its accounts' too), one query that validates and writes
 * the rows with unique keys with no shuffle and no cache, and a second, small query for the
 * rest. Small sources and a source whose repeated keys or rejected rows are too many for that
 * path take the ordinary path: one query reads, validates (one shuffle by the unique key, one
 * sort), keeps what later steps need ({@link #kept}, {@link KeptRows}) and counts (one
 * aggregation; the reader counts the records it reads, {@link RecordsRead}), and one job writes
 * the clean table from the kept rows. The quarantine is a union of the kept quarantined rows,
 * written by the caller. Shuffle
 * partitions follow the size of each source's input unless the session sets them
 * ({@link ShufflePartitions}).
 */
public final class IngestStage {

  private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
  static final String STATUS = "_status";
  static final String ACCEPTED = "accepted";
  static final String QUARANTINED = "quarantined";
  static final String DROPPED = "dropped";
  static final String RULE_IDS = "_rule_ids";
  static final String REASONS = "_reasons";

  private IngestStage() {}

  /** Runs ingest with the pseudonymisation key from the environment or the spec's demo key. */
  public static IngestResult run(SparkSession spark, JobSpec spec, String cleanFolder) {
    return run(spark, spec, cleanFolder, System::getenv, UnaryOperator.identity());
  }

  /**
   * As {@link #run(SparkSession, JobSpec, String)}, with the environment given and a transformation of each
   * clean table just before it is written (tests use it to make a write fail).
   */
  static IngestResult run(SparkSession spark, JobSpec spec, String cleanFolder, Function<String, String> environment,
      UnaryOperator<Dataset<Row>> beforeWrite) {
    long started = System.nanoTime();
    Pseudonymiser pseudonymiser = Pseudonymiser.fromSpec(spec, environment);
    if (spec.inputs().isEmpty() && spec.tables().isEmpty()) {
      throw new SpecException("inputs: no source to ingest (sources: " + String.join(", ", JobSpec.SOURCES) + ")");
    }
    List<IngestTarget> targets = IngestTarget.of(spec);
    DirectIngest.limit(spark); // bad settings fail here, before any work
    DirectIngest.minBytes(spark);
    ReaderRowRules.enabled(spark);
    Map<String, InputFiles.Checked> checked = new LinkedHashMap<>();
    for (IngestTarget target : targets) {
      checked.put(target.name(), InputFiles.check(spark, target.contract(), target.input()));
    }
    Map<String, RecordParser> parsers = new LinkedHashMap<>();
    for (IngestTarget target : targets) {
      InputSpec input = target.input();
      parsers.put(target.name(), new RecordParser(target.contract(), input.delimiter().charAt(0), pseudonymiser,
          input.nullValues()));
    }
    CleanFolder folder = CleanFolder.open(cleanFolder, spark.sparkContext().hadoopConfiguration());
    // The direct path's keys passes depend on their files alone: they run ahead, in a thread of their own.
    KeysPasses keys = new KeysPasses(spark);
    Map<String, SourceResult> results = new LinkedHashMap<>();
    List<Dataset<Row>> quarantines = new ArrayList<>();
    // Filled by the sources as they finish, some at once (SourceRuns).
    Map<String, KnownKeys> known = new java.util.concurrent.ConcurrentHashMap<>();
    List<Dataset<Row>> cached = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, SourceOutcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    boolean published = false;
    try {
      int limit = DirectIngest.limit(spark);
      // The largest source's pass first: its main pass is the longest, and waits for it.
      List<IngestTarget> largestFirst = new ArrayList<>(targets);
      largestFirst.sort(java.util.Comparator.comparingLong(target -> -checked.get(target.name()).bytes()));
      for (IngestTarget target : largestFirst) {
        InputFiles.Checked files = checked.get(target.name());
        if (DirectIngest.applies(spark, target.input(), files)) {
          RecordParser parser = parsers.get(target.name());
          int buckets = ShufflePartitions.count(spark, files.bytes());
          keys.start(target.name(), session -> DirectIngest.repeatedKeys(session, target, files, parser, buckets,
              limit));
        }
      }
      Map<String, SourceRuns.Run> runs = new LinkedHashMap<>();
      Map<String, List<String>> waitsFor = new LinkedHashMap<>();
      // First the keys other sources reference, each from its source's files alone (KnownKeysPass);
      // then each source, once the keys it references are known.
      for (IngestTarget target : targets) {
        if (target.referenced()) {
          String source = target.name();
          runs.put(keysRun(source), session -> known.put(source,
              KnownKeysPass.run(session, target, checked.get(source), parsers.get(source), cached)));
        }
      }
      for (IngestTarget target : targets) {
        String source = target.name();
        waitsFor.put(source, target.references().stream().map(reference -> keysRun(reference.source())).toList());
        runs.put(source, session -> outcomes.put(source, ingestSource(session, target, checked.get(source),
            parsers.get(source), known, folder, beforeWrite, keys, cached)));
      }
      SourceRuns.runAll(spark, runs, waitsFor);
      for (IngestTarget target : targets) {
        SourceOutcome outcome = outcomes.get(target.name());
        results.put(target.name(), outcome.result());
        quarantines.add(outcome.quarantine());
      }
      folder.publish();
      published = true;
    } finally {
      keys.close();
      spark.sparkContext().setJobDescription(null);
      if (!published) {
        awaitCancelledTasks(spark);
        folder.abandon();
        cached.forEach(KeptRows::release);
      }
    }
    Dataset<Row> quarantine = quarantines.stream().reduce(Dataset::unionByName).orElseThrow();
    LOG.info("ingest: {} sources published to {}, {} ms", results.size(), cleanFolder,
        (System.nanoTime() - started) / 1_000_000);
    return new IngestResult(results, QualityTables.quality(spark, results), quarantine, cached, folder::deleteScratch);
  }

  /** Longest a failed ingest waits for its cancelled tasks before it removes its staging folder. */
  private static final long CANCELLED_TASKS_WAIT_MILLIS = 60_000;

  /**
   * Waits until no task runs (at most {@link #CANCELLED_TASKS_WAIT_MILLIS}). Why: a cancelled
   * job ends, and the threads waiting for it return, while its tasks are still being killed; a
   * write task that goes on for a moment creates its folders again under a staging folder
   * already removed (seen once in {@code IngestAtomicWriteTest}, with the sources side by side).
   * Spark's status counts a task as running until its end has passed the listener bus, which is
   * drained first so that no task's start is still on its way.
   */
  private static void awaitCancelledTasks(SparkSession spark) {
    long deadline = System.nanoTime() + CANCELLED_TASKS_WAIT_MILLIS * 1_000_000L;
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      while (System.nanoTime() < deadline && java.util.Arrays.stream(spark.sparkContext().statusTracker()
          .getExecutorInfos()).mapToInt(org.apache.spark.SparkExecutorInfo::numRunningTasks).sum() > 0) {
        Thread.sleep(20);
        spark.sparkContext().listenerBus().waitUntilEmpty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("ingest: Spark's listener bus did not drain; the staging folder is removed without waiting");
    }
  }

  /** What one source's ingest gives: its result and its quarantined rows. */
  private record SourceOutcome(SourceResult result, Dataset<Row> quarantine) {}

  /** The name of the run that finds a source's known keys, apart from any source's or table's (a name has no space). */
  private static String keysRun(String source) {
    return "keys of " + source;
  }

  /**
   * Ingests one source in {@code spark} (its own session, see {@link SourceRuns}), with the known
   * keys of the sources it references; adds the datasets it keeps to {@code cached} as it keeps
   * them, so that they are released if the ingest fails.
   */
  private static SourceOutcome ingestSource(SparkSession spark, IngestTarget target, InputFiles.Checked files,
      RecordParser parser, Map<String, KnownKeys> known, CleanFolder folder, UnaryOperator<Dataset<Row>> beforeWrite,
      KeysPasses keys, List<Dataset<Row>> cached) {
    String source = target.name();
    long sourceStarted = System.nanoTime();
    SourceContract contract = target.contract();
    InputSpec input = target.input();
    try (ShufflePartitions shuffle = ShufflePartitions.forSource(spark, files.bytes())) {
      if (keys.started(source)) {
        java.util.Optional<DirectIngest.Outcome> direct = DirectIngest.run(spark, target, files, parser, known,
            folder.staging(source), folder.scratch(source), beforeWrite, shuffle, keys);
        if (direct.isPresent()) {
          SourceCounts counts = direct.get().counts();
          cached.addAll(direct.get().cached());
          counts.checkInvariant(source);
          logSource(source, counts, shuffle, files, sourceStarted, "direct");
          return new SourceOutcome(new SourceResult(source, folder.published(source), counts),
              direct.get().quarantine());
        }
      }
      RecordsRead recordsRead = new RecordsRead();
      spark.sparkContext().register(recordsRead, "ingest " + source + ": records read");
      spark.sparkContext().setJobDescription("ingest " + source + ": read and validate");
      JavaRDD<Row> records = records(spark, input, files, parser, recordsRead, null);
      Dataset<Row> raw = spark.createDataFrame(records, RecordParser.schema(contract));
      Dataset<Row> validated = KeptRows.of(kept(classify(CrossRowRules.apply(RowRules.apply(raw, contract, input),
          contract, target.references(), known)), contract));
      cached.add(validated);
      // One query reads, validates, keeps and counts; the reader counts the records it made.
      SourceCounts counts = KeptRows.firstJob(spark,
          () -> QualityTables.count(validated, () -> readCount(source, recordsRead, records)));
      counts.checkInvariant(source);
      spark.sparkContext().setJobDescription("ingest " + source + ": write clean table");
      write(beforeWrite.apply(clean(validated, contract)), contract, folder.staging(source), SaveMode.ErrorIfExists);
      logSource(source, counts, shuffle, files, sourceStarted, "shuffled by key");
      return new SourceOutcome(new SourceResult(source, folder.published(source), counts), quarantine(validated, source));
    }
  }

  private static void logSource(String source, SourceCounts counts, ShufflePartitions shuffle,
      InputFiles.Checked files, long started, String path) {
    LOG.info("ingest {}: read {}, accepted {}, quarantined {}, exact duplicates dropped {}, personal data "
        + "removed from {} rows, {} shuffle partitions ({}), {}, {} ms", source, counts.read(), counts.accepted(),
        counts.quarantined(), counts.duplicatesDropped(), counts.personalRemoved(), shuffle.partitions(),
        shuffle.chosen() ? "from " + files.bytes() + " input bytes" : "set for the session", path,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** Deletes a staged table a pass wrote before the source took another path. */
  static void delete(SparkSession spark, String path) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path);
    try {
      target.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(target, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot delete " + path, e);
    }
  }

  /** A source's records, parsed by the reader for its format; only those at {@code only}'s positions unless it is null. */
  static JavaRDD<Row> records(SparkSession spark, InputSpec input, InputFiles.Checked files, RecordParser parser,
      RecordsRead recordsRead, Broadcast<RowSet> only) {
    java.util.HashMap<String, TextRecords.FileInfo> plans = new java.util.HashMap<>(files.plans());
    if (input.format() == InputSpec.Format.PARQUET) {
      return ParquetRecords.read(spark, files.files(), files.bytes(), plans, parser, recordsRead, only);
    }
    return TextRecords.read(spark, input, files.files(), files.bytes(), plans, parser, recordsRead, only);
  }

  /** Records read, once every partition of the reader has reported (they all have after a job that scans them). */
  private static long readCount(String source, RecordsRead recordsRead, JavaRDD<Row> records) {
    int partitions = records.getNumPartitions();
    if (recordsRead.partitionsReported() != partitions) {
      throw new IllegalStateException("ingest " + source + ": " + recordsRead.partitionsReported() + " of "
          + partitions + " input partitions reported their records read");
    }
    return recordsRead.value();
  }

  /** All failures in rule order, and the row's status. */
  static Dataset<Row> classify(Dataset<Row> frame) {
    Column failed = col(RowRules.ROW_OK).unary_$bang().or(col(CrossRowRules.CROSS_FAILED));
    // In rule order: the structs sort by their first field, the rule's ordinal. All compiled
    // (no higher-order function), and only where a rule failed.
    Column all = sort_array(concat(col(RowRules.FAILURES), col(CrossRowRules.CROSS_FAILURES)));
    Column none = noFailures();
    return frame
        .withColumn(RULE_IDS, when(failed, all.getField("rule_id")).otherwise(none))
        .withColumn(REASONS, when(failed, all.getField("reason")).otherwise(none))
        .withColumn(STATUS, when(col(CrossRowRules.DUPLICATE_RANK).gt(1), lit(DROPPED))
            .when(size(col(RULE_IDS)).gt(0), lit(QUARANTINED))
            .otherwise(lit(ACCEPTED)));
  }

  /** An empty list of rule ids or reasons. */
  private static Column noFailures() {
    return array().cast("array<string>");
  }

  /**
   * What later steps need of the validated rows, and no more, as they are kept ({@link KeptRows}): the typed
   * values (the clean table), the status (counts), the personal-data flag, the failures,
   * provenance and raw record of quarantined rows only. Text columns, hashes and failure
   * structs are not kept.
   */
  static Dataset<Row> kept(Dataset<Row> classified, SourceContract contract) {
    Column quarantined = col(STATUS).equalTo(QUARANTINED);
    List<Column> columns = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      columns.add(col(RowRules.TYPED_PREFIX + field.name()));
    }
    columns.add(col(STATUS));
    columns.add(col(RecordParser.PERSONAL));
    // Null for the rows that are not quarantined: a null costs a kept row a bit and a slot, a
    // value its bytes too.
    columns.add(when(quarantined, col(RULE_IDS)).as(RULE_IDS));
    columns.add(when(quarantined, col(REASONS)).as(REASONS));
    columns.add(when(quarantined, col(RecordParser.FILE)).as(RecordParser.FILE));
    columns.add(when(quarantined, col(RecordParser.LINE)).as(RecordParser.LINE));
    columns.add(when(quarantined, col(RecordParser.OFFSET)).as(RecordParser.OFFSET));
    columns.add(when(quarantined, col(RecordParser.RAW)).as(RecordParser.RAW));
    return classified.select(columns.toArray(Column[]::new));
  }

  /** Accepted rows in the contract's schema (units and descriptions in the field metadata). */
  static Dataset<Row> clean(Dataset<Row> validated, SourceContract contract) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      columns.add(col(RowRules.TYPED_PREFIX + field.name()).as(field.name(), field.metadata()));
    }
    Dataset<Row> clean = validated.filter(col(STATUS).equalTo(ACCEPTED)).select(columns.toArray(Column[]::new));
    if (contract.name().equals("usage")) {
      clean = clean.withColumn("month", utcMonth(col("ts")));
    }
    return clean;
  }

  /**
   * The month of a timestamp in UTC as {@code yyyy-MM}, whatever the session time zone: the UTC
   * date from the instant's microseconds, as {@code yyyy-MM-dd} text, cut to seven characters.
   * A fifth to a quarter of the cost of {@code date_format} after a time-zone conversion
   * (1.1-1.6 s against 7 s for 4M timestamps, measured), which mattered because every usage row
   * gets one.
   */
  static Column utcMonth(Column timestamp) {
    Column utcDay = floor(unix_micros(timestamp).divide(86_400_000_000L)).cast("int");
    return substring(date_from_unix_date(utcDay).cast("string"), 1, 7);
  }

  /** {@link #utcMonth(Column)} of an instant given in epoch seconds, for rows built in the JVM. */
  static String utcMonth(long epochSecond) {
    java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int month = day.getMonthValue();
    return day.getYear() + (month < 10 ? "-0" : "-") + month;
  }

  /**
   * Writes a clean table: usage by month. Key columns, pseudonymised identifiers and timestamps
   * are written without Parquet's dictionary encoding: their values are (nearly) all distinct,
   * 64-character pseudonyms among them, so the writer built a dictionary for each file only to
   * give it up. (Measured with dictionaries off for every column: the usage main pass at 200k
   * citizens took 22.75 s against 32.68 s.) Timestamps were Spark's default 12-byte INT96 values,
   * whose dictionary hashes and compares each as a byte array; split by month, a file is small
   * enough that the writer kept that dictionary. (Parquet's dictionary building, this one's with
   * the category columns', was a tenth of the whole ingest's profile at 1M citizens.) Reference
   * columns too (usage's and the survey's neighbourhood_id: 20,000 values at 1M citizens): in
   * month order their dictionary lookups miss the cache on nearly every row. Usage's rows at 1M
   * citizens, written by month: 23.0 s without their dictionary against 26.2 s with it (medians
   * of 3, PartitionedWriteBench), for 2% more bytes. Timestamps are written as Parquet's own
   * INT64 TIMESTAMP(MICROS, UTC), which every reader (Spark, pyarrow, DuckDB, R arrow) reads as
   * an instant without INT96's legacy conversion, and which costs the writer a long instead of a
   * 12-byte array, unless the session sets {@code spark.sql.parquet.outputTimestampType}.
   */
  static void write(Dataset<Row> clean, SourceContract contract, String path, SaveMode mode) {
    DataFrameWriter<Row> writer = clean.write().mode(mode).options(writerOptions(contract, clean.schema()));
    if (contract.name().equals("usage")) {
      writer = writer.partitionBy("month");
    }
    DataFrameWriter<Row> configured = writer;
    withWriterSettings(clean.sparkSession(), () -> {
      configured.parquet(path);
      return null;
    });
  }

  /** The Parquet writer's options for a clean table of {@code schema} (see {@link #write}). */
  static Map<String, String> writerOptions(SourceContract contract, StructType schema) {
    Map<String, String> options = new java.util.HashMap<>();
    java.util.Set<String> references = new java.util.HashSet<>();
    CrossRowRules.references(contract.name()).forEach(reference -> references.add(reference.column()));
    for (StructField field : schema.fields()) {
      String column = field.name();
      if (contract.uniqueKey().contains(column) || ColumnPlan.IDENTIFIERS.contains(column) || references.contains(column)
          || DataTypes.TimestampType.equals(field.dataType())) {
        options.put("parquet.enable.dictionary#" + column, "false");
      }
    }
    return options;
  }

  /**
   * Runs {@code planWrite} with the session settings of a clean table's write: timestamps as
   * INT64 microseconds unless the session chooses. A session setting, read when the write is
   * planned; set only around it.
   */
  static <T> T withWriterSettings(SparkSession spark, java.util.function.Supplier<T> planWrite) {
    return TemporarySettings.with(spark, Map.of(TIMESTAMP_TYPE, "TIMESTAMP_MICROS"), planWrite);
  }

  private static final String TIMESTAMP_TYPE = "spark.sql.parquet.outputTimestampType";

  /**
   * The quarantined rows of a validated source, in the quarantine schema. File, rule ids and
   * reasons are never null for them; the coalesces keep the schema's non-null columns and
   * elements non-null after {@link #kept} nulled them for the other rows (and the array
   * functions typed their elements nullable), and never apply.
   */
  static Dataset<Row> quarantine(Dataset<Row> validated, String source) {
    Column none = noFailures();
    return validated.filter(col(STATUS).equalTo(QUARANTINED)).select(
        lit(source).as("source"),
        coalesce(col(RecordParser.FILE), lit("")).as("file"),
        col(RecordParser.LINE).as("line"),
        col(RecordParser.OFFSET).as("offset"),
        col(RecordParser.RAW).as("raw_record"),
        nonNullTexts(coalesce(col(RULE_IDS), none)).as("rule_ids"),
        nonNullTexts(coalesce(col(REASONS), none)).as("reasons"));
  }

  /** The same texts, typed as an array whose elements are never null. */
  private static Column nonNullTexts(Column texts) {
    return transform(texts, text -> coalesce(text, lit("")));
  }

}
