package org.coprod.ingest;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;

/**
 * The keys other sources may reference in a source, from its files alone: the first key
 * column's text (trimmed, value-mapped and pseudonymised, as its records carry it) of every
 * well-formed record ({@link CrossRowRules#KNOWN_KEY}). Whether a record is well-formed is known
 * from its line, before any rule: a record whose other cells fail rules still names its key, so
 * its key is known, as it was when the keys were gathered from the validated rows.
 *
 * <p>Why a pass of its own: gathered from the validated rows, a source's keys were known only
 * when its ingest was done, and the sources that reference it waited for all of it. At 1M
 * citizens, Parquet input, usage's main pass started about 6 s into the ingest, behind the
 * municipalities' and neighbourhoods' ingests (2-7 s each for 2,000 and 20,000 rows, mostly the
 * jobs' fixed costs), and links ran after the survey's, at the end. From the files, usage's pass
 * starts about 4.5 s in, and links runs beside the others. On two cores this did not shorten the
 * ingest: the cores it left idle now run the driver's and the JIT compilers' threads, and the
 * process is bound by its CPU (BENCHMARKS.md, "Known keys from the files"); the shorter wait
 * counts where cores are not the limit.
 */
final class KnownKeysPass {

  private KnownKeysPass() {}

  /**
   * The source's known keys: as texts when few enough ({@link KnownKeys#collect}), else a
   * distinct dataset, persisted and added to {@code cached} (the caller releases it).
   */
  static KnownKeys run(SparkSession spark, IngestTarget target, InputFiles.Checked files, RecordParser parser,
      List<Dataset<Row>> cached) {
    String description = spark.sparkContext().getLocalProperty("spark.job.description");
    spark.sparkContext().setJobDescription("ingest " + target.name() + ": keys other sources reference");
    try {
      Dataset<Row> keys = spark.createDataset(keyTexts(spark, target, files, parser).rdd(), Encoders.STRING())
          .toDF(CrossRowRules.KNOWN_KEY);
      return KnownKeys.collect(JavaSparkContext.fromSparkContext(spark.sparkContext()), keys, () -> {
        // Distinct: a key twice would join a referencing row twice. Persisted, so that each
        // reference check does not read the files again.
        Dataset<Row> distinct = keys.distinct().persist(StorageLevel.MEMORY_AND_DISK());
        distinct.count();
        cached.add(distinct);
        return distinct;
      });
    } finally {
      spark.sparkContext().setJobDescription(description); // the caller's thread as it was
    }
  }

  /** The key text of each well-formed record that has one (a key may come twice). */
  private static JavaRDD<String> keyTexts(SparkSession spark, IngestTarget target, InputFiles.Checked files,
      RecordParser parser) {
    SourceContract contract = target.contract();
    InputSpec input = target.input();
    int key = contract.columnNames().indexOf(contract.keyColumns().get(0));
    JavaRDD<String> texts;
    if (input.format() == InputSpec.Format.PARQUET) {
      // A Parquet row is never malformed: the key's cell is all that is read.
      texts = ParquetRecords.contractTexts(spark, files.files(), files.bytes(),
          new java.util.HashMap<>(files.plans()), parser, key);
    } else {
      // Whether a line is a record takes the whole line.
      texts = IngestStage.records(spark, input, files, parser.withoutProvenanceText(), null, null)
          .map(record -> record.isNullAt(RecordParser.MALFORMED_INDEX) ? record.getString(RecordParser.FIXED + key)
              : null);
    }
    return texts.filter(java.util.Objects::nonNull);
  }
}
