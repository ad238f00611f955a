package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest of a large source without shuffling its rows: the same rules and outcome as
 * {@link IngestStage}'s ordinary path, in two scans of the input and a pass over what is left.
 *
 * <ol>
 *   <li><b>Keys.</b> Each record's key hash only ({@link DuplicateKeys}): the keys that occur
 *       more than once. Only records with such a key can be duplicates or conflicting versions.
 *       This pass runs ahead, from the start of the ingest ({@link KeysPasses}).
 *   <li><b>Main pass.</b> Every record is parsed and checked against the row rules and the
 *       references, and the accepted records whose key is unique are written straight to the
 *       clean table. The others (quarantined, or with a repeated key) are not written; their
 *       positions are gathered as the write runs ({@link ExcludedRows}), and the accepted rows
 *       counted ({@link Observation}). With the rules judged in the reader, the judge counts
 *       them instead, and each task also writes the records it leaves, with their provenance, to
 *       a scratch file ({@link MainPassJudge}, {@link RestRecords}).
 *   <li><b>The rest.</b> Those records, a small share of the input (read from the scratch files,
 *       or, with the Spark rules, from the input again at the gathered positions), go through
 *       the ordinary path ({@link CrossRowRules#apply}: one shuffle, the duplicate windows),
 *       which judges a repeated key exactly as it would on the whole input, because all the
 *       records with that key are among them. Its accepted rows are appended to the clean table;
 *       its quarantined rows are the source's quarantine.
 * </ol>
 *
 * Why: validating by a shuffle of every row and a cache, the ordinary path cost about 10 times a
 * plain read and write of the same files; the main pass is a read, the row rules and a write.
 * In links, an account is a second key: one account, one respondent is judged in the second
 * pass, among every row whose account repeats (at 1M citizens, CSV, links took 5.5-5.8 s this way
 * against 7.2-7.3 s on the ordinary path). The ordinary path remains for a source
 * with so many repeated keys or rejected rows that the sets would not be small. For a source
 * others reference, the keys they may reference are gathered after the passes, from the staged
 * table and the second pass.
 */
final class DirectIngest {

  private static final Logger LOG = LoggerFactory.getLogger(DirectIngest.class);
  /**
   * Session setting: most candidate keys, and most rows left for the second pass, a source may
   * have before it takes the ordinary path (default 10 million: 80 MB each on the driver); 0
   * turns this path off.
   */
  static final String LIMIT_SETTING = "spark.coprod.ingest.directLimit";
  static final int DEFAULT_LIMIT = 10_000_000;
  /**
   * Session setting: the input size, in bytes, from which a source takes this path (default 8
   * MiB). Below it the ordinary path's one shuffle is small, and this path's extra scans and
   * jobs cost more than they save (a 2,000-line source took 10 s here against 7 s). It was 32
   * MiB until the rules were judged in the reader; then the survey at 1M citizens as Parquet
   * (21 MB, a million rows) took 28.5 s on the ordinary path, against about 9 s for the same
   * rows as CSV on this one. Kept above the bundled sample's usage (4.4 MiB).
   *
   * <p>Compressed input (Parquet, or any compressed text file) counts twice its stored size: the
   * threshold stands for the rows' work, and such bytes hold more rows (at 1M citizens the same
   * rows took 1.4 to 5 times fewer bytes as Parquet than as CSV). Links as Parquet at 1M
   * citizens (6.6 MiB, 386k rows) took 5.5 to 7.3 s on the ordinary path and 2.4 to 4.4 s on this
   * one.
   */
  static final String MIN_BYTES_SETTING = "spark.coprod.ingest.directMinBytes";
  static final long DEFAULT_MIN_BYTES = 8L << 20;

  /**
   * What the passes produced.
   *
   * @param quarantine the source's quarantined rows, from {@code cached}
   * @param cached the datasets cached for them, to release
   */
  record Outcome(SourceCounts counts, Dataset<Row> quarantine, List<Dataset<Row>> cached) {}

  private DirectIngest() {}

  private static Map<String, Object> metrics(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the main pass's counts", e);
    }
  }

  /** Whether a source may take this path: with at least the minimum input (see {@link #MIN_BYTES_SETTING}), when the path is on. */
  static boolean applies(SparkSession spark, InputSpec input, InputFiles.Checked files) {
    boolean compressed = input.format() == InputSpec.Format.PARQUET
        || files.plans().values().stream().anyMatch(TextRecords.FileInfo::compressed);
    return limit(spark) > 0 && (compressed ? 2 * files.bytes() : files.bytes()) >= minBytes(spark);
  }

  static long minBytes(SparkSession spark) {
    String value = spark.conf().get(MIN_BYTES_SETTING, Long.toString(DEFAULT_MIN_BYTES));
    try {
      long bytes = Long.parseLong(value.trim());
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new org.coprod.spec.SpecException(MIN_BYTES_SETTING + ": '" + value + "' is not a number of bytes (0 or "
        + "more; the default is " + DEFAULT_MIN_BYTES + ")");
  }

  static int limit(SparkSession spark) {
    String value = spark.conf().get(LIMIT_SETTING, Integer.toString(DEFAULT_LIMIT));
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new org.coprod.spec.SpecException(LIMIT_SETTING + ": '" + value + "' is not a whole number (0 turns the "
          + "direct ingest path off)");
    }
  }

  /**
   * Runs the three passes and writes the clean table to {@code staging}, or returns empty
   * (having written nothing) when the candidate or excluded sets are too large for this path.
   */
  static Optional<Outcome> run(SparkSession spark, IngestTarget target, InputFiles.Checked files, RecordParser parser,
      Map<String, KnownKeys> known, String staging, String scratch, UnaryOperator<Dataset<Row>> beforeWrite,
      ShufflePartitions shuffle, KeysPasses keysPasses) {
    String source = target.name();
    int limit = limit(spark);
    SourceContract contract = target.contract();
    InputSpec input = target.input();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());

    long started = System.nanoTime();
    // Run ahead of this source's turn (KeysPasses); this waits for it if it is not done yet.
    Optional<RowSet> candidates = keysPasses.repeatedKeys(source);
    if (candidates.isEmpty()) {
      LOG.info("ingest {}: over {} repeated keys, validated the ordinary way", source, limit);
      return Optional.empty();
    }
    Broadcast<RowSet> candidateSet = context.broadcast(candidates.get());
    long keysDone = System.nanoTime();

    RecordsRead read = new RecordsRead();
    spark.sparkContext().register(read, "ingest " + source + ": records read");
    ExcludedRows excluded = new ExcludedRows(limit);
    spark.sparkContext().register(excluded, "ingest " + source + ": rows for the second pass");
    Optional<ReaderRowRules> inReader = readerRules(spark, target, known);
    spark.sparkContext().setJobDescription("ingest " + source + ": read, validate and write"
        + (inReader.isPresent() ? " (rules in the reader)" : ""));
    // Judged in the reader, the rows left for the second pass are kept as they are read.
    RestRecords rest = inReader.isPresent()
        ? RestRecords.in(context, scratch, "ingest " + source + ": files of the rows for the second pass") : null;
    MainPass pass = inReader.isPresent()
        ? judgedInReader(spark, target, files, parser, new MainPassJudge(context.broadcast(inReader.get()),
            candidateSet, excluded, rest, spark.sparkContext(), source), rest, read, staging, beforeWrite)
        // Without file names and raw texts: only the rows this pass does not write would need them,
        // and the second pass reads those again with them.
        : judgedInSpark(spark, IngestStage.records(spark, input, files, parser.withoutProvenanceText(), read, null),
            target, known, candidateSet, excluded, staging, beforeWrite);
    long writtenRows = pass.written();
    long personal = pass.personal();
    long excludedRows = pass.excluded();
    long recordsRead = read.value();
    if (excluded.overflowed()) {
      LOG.info("ingest {}: over {} rows quarantined or with repeated keys, validated the ordinary way", source, limit);
      IngestStage.delete(spark, staging);
      return Optional.empty();
    }
    if (writtenRows + excludedRows != recordsRead || excluded.value() != excludedRows) {
      throw new IllegalStateException("ingest " + source + ": read " + recordsRead + ", written " + writtenRows
          + ", left for the second pass " + excludedRows + " (positions gathered: " + excluded.value() + ")");
    }
    long mainDone = System.nanoTime();
    LOG.info("ingest {}: {} rows written in the main pass, {} left for the second ({} repeated keys); waited for the "
        + "keys pass {} ms, "
        + "main pass {} ms (rules judged in {})", source, writtenRows, excludedRows, candidates.get().size(),
        (keysDone - started) / 1_000_000, (mainDone - keysDone) / 1_000_000,
        inReader.isPresent() ? "the reader" : "Spark");

    spark.sparkContext().setJobDescription("ingest " + source + ": the rest");
    RecordsRead restRead = new RecordsRead();
    spark.sparkContext().register(restRead, "ingest " + source + ": records read again");
    JavaRDD<Row> restRecords = rest != null ? rest.read(context, restRead)
        : IngestStage.records(spark, input, files, parser, restRead, context.broadcast(RowSet.of(excluded.rowIds())));
    Dataset<Row> validated;
    SourceCounts restCounts;
    // Shuffle partitions for the rest's share of the input, not the whole input's: they are the
    // kept partitions and the write tasks, each of which writes a file per month for usage
    // (13 partitions for 290k rows at 1M citizens took 10 s to count and write).
    // In doubles: a terabyte of input times millions of rows would overflow a long.
    long restBytes = (long) ((double) files.bytes() * excludedRows / Math.max(1, recordsRead));
    try (ShufflePartitions restPartitions = shuffle.forPart(restBytes)) {
      Dataset<Row> judged = IngestStage.kept(IngestStage.classify(CrossRowRules.apply(
          RowRules.apply(spark.createDataFrame(restRecords, RecordParser.schema(contract)), contract, input),
          contract, target.references(), known)), contract);
      validated = KeptRows.of(judged);
      restCounts = KeptRows.firstJob(spark, () -> QualityTables.count(validated, restRead::value));
      if (restCounts.read() != excludedRows) {
        KeptRows.release(validated);
        throw new IllegalStateException("ingest " + source + ": " + excludedRows + " rows left for the second pass, "
            + restCounts.read() + " read in it");
      }
      spark.sparkContext().setJobDescription("ingest " + source + ": write the rest");
      IngestStage.write(beforeWrite.apply(IngestStage.clean(validated, contract)), contract, staging, SaveMode.Append);
    }
    LOG.info("ingest {}: second pass {} ms", source, (System.nanoTime() - mainDone) / 1_000_000);
    SourceCounts counts = new SourceCounts(recordsRead, writtenRows + restCounts.accepted(), restCounts.quarantined(),
        restCounts.duplicatesDropped(), personal + restCounts.personalRemoved(), restCounts.failingRule());
    return Optional.of(new Outcome(counts, IngestStage.quarantine(validated, source), List.of(validated)));
  }

  /**
   * The keys pass: the key hashes that occur more than once in the source ({@link DuplicateKeys}),
   * or empty when there are more than {@code limit}.
   *
   * @param buckets the pass's shuffle partitions
   */
  static Optional<RowSet> repeatedKeys(SparkSession spark, IngestTarget target, InputFiles.Checked files,
      RecordParser parser, int buckets, int limit) {
    return DuplicateKeys.find(keyHashes(spark, target, files, parser), Math.max(1, buckets), limit);
  }

  /**
   * The hashes whose repeats make a row a candidate: each row's key hash; for links also its
   * account's ({@link RecordParser#accountHash}), from whole records (links are a small source,
   * and the account is compared as pseudonymised).
   */
  private static JavaRDD<Long> keyHashes(SparkSession spark, IngestTarget target, InputFiles.Checked files,
      RecordParser parser) {
    InputSpec input = target.input();
    if (target.name().equals("links")) {
      int account = RecordParser.FIXED + target.contract().columnNames().indexOf("account_id");
      return IngestStage.records(spark, input, files, parser.withoutProvenanceText(), null, null).flatMap(record -> {
        long key = record.getLong(RecordParser.KEY_HASH_INDEX);
        return (record.isNullAt(account) ? List.of(key)
            : List.of(key, RecordParser.accountHash(record.getString(account)))).iterator();
      });
    }
    return input.format() == InputSpec.Format.PARQUET
        ? ParquetRecords.keyHashes(spark, files.files(), files.bytes(), new java.util.HashMap<>(files.plans()), parser)
        : TextRecords.keyHashes(spark, input, files.files(), files.bytes(), new java.util.HashMap<>(files.plans()),
            parser);
  }

  /** What a main pass wrote and left: rows written, of which with personal data removed, and rows left for the second pass. */
  private record MainPass(long written, long personal, long excluded) {}

  /**
   * The rules judged in the reader ({@link ReaderRowRules}), when the session allows it, the
   * source's columns are all plain enough, and the keys it references are few enough to hold in
   * every task.
   */
  private static Optional<ReaderRowRules> readerRules(SparkSession spark, IngestTarget target,
      Map<String, KnownKeys> known) {
    // Whether the columns allow it is known without the keys: none is collected for a source that cannot use them.
    if (!ReaderRowRules.enabled(spark) || ReaderRowRules.of(target.contract(), target.input(), Map.of()).isEmpty()) {
      return Optional.empty();
    }
    Map<String, KnownTexts> keys = new java.util.HashMap<>();
    for (CrossRowRules.Reference reference : target.references()) {
      KnownKeys referenced = known.get(reference.source());
      if (referenced == null) {
        continue;
      }
      if (referenced.texts() == null) {
        return Optional.empty(); // keys are a dataset only when too many to hold (KnownKeys.collect)
      }
      keys.put(reference.column(), referenced.texts());
    }
    return ReaderRowRules.withKnown(target.contract(), target.input(), keys);
  }

  /**
   * The main pass with the rules judged in the reader ({@link MainPassJudge}): the rows it accepts
   * are written as they come (usage's by {@link MonthFiles}, unless {@code beforeWrite} changes
   * the frame), with their count and personal-data count observed on the way; every other row is
   * kept for the second pass, and counted from the files that keep them.
   */
  private static MainPass judgedInReader(SparkSession spark, IngestTarget target, InputFiles.Checked files,
      RecordParser parser, MainPassJudge judge, RestRecords rest, RecordsRead read, String staging,
      UnaryOperator<Dataset<Row>> beforeWrite) {
    SourceContract contract = target.contract();
    InputSpec input = target.input();
    java.util.HashMap<String, TextRecords.FileInfo> plans = new java.util.HashMap<>(files.plans());
    RecordParser quick = parser.withoutProvenanceText();
    JavaRDD<InternalRow> typed = input.format() == InputSpec.Format.PARQUET
        ? ParquetRecords.handled(spark, files.files(), files.bytes(), plans, read,
            judge.parquetRows(quick, ParquetRecords.handler(quick), ParquetRecords.handler(parser)))
        : TextRecords.handled(spark, input, files.files(), files.bytes(), plans, read,
            judge.lines(TextRecords.handler(input, quick), TextRecords.handler(input, parser)));
    // Spark's internal entry for rows already in its internal form (public in the bytecode,
    // private[sql] in Scala): createDataFrame would convert every row from external types again.
    StructType schema = ReaderRowRules.schema(contract);
    Dataset<Row> frame = ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(typed.rdd(),
        schema, false);
    Dataset<Row> toWrite = beforeWrite.apply(frame);
    if (contract.name().equals("usage") && toWrite == frame) {
      // Usage's rows are written by month as they come, without Spark's sort and copies (MonthFiles).
      MonthFiles byMonth = IngestStage.withWriterSettings(spark, () -> MonthFiles.prepare(spark, schema, "month",
          IngestStage.writerOptions(contract, schema), staging));
      byMonth.commit(spark, byMonth.write(typed).collect());
    } else {
      // Written as they come, the judge counting them: no operator between the rows and the write.
      IngestStage.write(toWrite, contract, staging, SaveMode.ErrorIfExists);
    }
    return new MainPass(judge.accepted(), judge.acceptedPersonal(), rest.recordsWritten());
  }

  /** The main pass with the rules as Spark expressions ({@link RowRules}, {@link CrossRowRules#applyToUniqueKeys}). */
  private static MainPass judgedInSpark(SparkSession spark, JavaRDD<Row> records, IngestTarget target,
      Map<String, KnownKeys> known, Broadcast<RowSet> candidateSet, ExcludedRows excluded, String staging,
      UnaryOperator<Dataset<Row>> beforeWrite) {
    SourceContract contract = target.contract();
    UserDefinedFunction repeatedKey = udf((UDF1<Long, Boolean>) hash -> candidateSet.value().contains(hash),
        DataTypes.BooleanType);
    Column repeated = repeatedKey.apply(col(RecordParser.KEY_HASH));
    if (contract.name().equals("links")) {
      UserDefinedFunction repeatedAccount = udf((UDF1<String, Boolean>) account -> account != null
          && candidateSet.value().contains(RecordParser.accountHash(account)), DataTypes.BooleanType);
      repeated = repeated.or(repeatedAccount.apply(col("account_id")));
    }
    // Records the position and drops the row: called for every row the main pass does not write.
    UserDefinedFunction exclude = udf((UDF1<Long, Boolean>) rowId -> {
      excluded.add(rowId);
      return false;
    }, DataTypes.BooleanType).asNondeterministic();
    Dataset<Row> checked = IngestStage.classify(CrossRowRules.applyToUniqueKeys(
        RowRules.apply(spark.createDataFrame(records, RecordParser.schema(contract)), contract, target.input()),
        contract, target.references(), known));
    // A column, so that the counts and the filter below share one lookup of the key per row.
    Column written = col("_written");
    Observation counted = new Observation("ingest " + contract.name());
    Dataset<Row> observed = checked.withColumn("_written", col(IngestStage.STATUS).equalTo(IngestStage.ACCEPTED)
        .and(repeated.unary_$bang())).observe(counted,
        sum(when(written, 1).otherwise(0)).cast("long").as("written"),
        sum(when(written.and(col(RecordParser.PERSONAL)), 1).otherwise(0)).cast("long").as("personal"),
        sum(when(written, 0).otherwise(1)).cast("long").as("excluded"));
    Dataset<Row> main = observed.filter(written.or(exclude.apply(col(RecordParser.ROW_ID))));
    IngestStage.write(beforeWrite.apply(IngestStage.clean(main, contract)), contract, staging, SaveMode.ErrorIfExists);
    Map<String, Object> metrics = metrics(counted);
    return new MainPass((Long) metrics.get("written"), (Long) metrics.get("personal"), (Long) metrics.get("excluded"));
  }
}
