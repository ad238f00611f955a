package org.coprod.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes rows into a Parquet table partitioned by one text column (usage by month) without
 * sorting them: each task gathers its rows by value, {@link #BUFFERED_ROWS} rows at a time,
 * and then writes each value's rows to that value's file in one run, with Spark's own Parquet
 * writer ({@link ParquetFileFormat}'s output writers, configured as a {@code DataFrameWriter}
 * with the same options configures them, so the files are the ones Spark's partitioned write
 * makes). A task keeps one file open per value. The driver commits the files of the tasks that
 * succeeded.
 *
 * <p>Why not Spark's partitioned write: it takes rows in Spark's unsafe form only, sorts each
 * task's rows by the partition value (in the ingest's main pass until 2026-11-29, by a
 * radix sort), and copies each row again on the way (into the plan's unsafe rows, into the data
 * columns) before its Parquet writer copies every text out of the row once more. At 1M citizens,
 * Parquet input, that last copy alone was 17% of usage's main pass's samples, the sort 9% and the
 * other copies about 8%. The reader rules' rows here hold their texts as arrays of their own,
 * which Spark's Parquet writer takes without a copy. A file per value written as the rows come,
 * without the gathering, was slower than the sort (a probe: 33.8 s against 23.0 s for usage's
 * rows at 1M citizens): one row to each of 34 writers in turn keeps none of them in the cache.
 *
 * <p>Commit: a task writes under {@code _temporary/<job>/<attempt>/} of the table and returns the
 * files it wrote; only a successful attempt's result reaches the driver, which moves those files
 * into place and deletes the rest. A failed or killed attempt leaves only files that are never
 * moved. If the job fails, nothing is moved (the ingest then drops its staging folder).
 */
final class MonthFiles implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String TEMPORARY = "_temporary";
  /**
   * Rows a task gathers before it writes them out: about 1,000 rows a month in one run for
   * usage's 34 months at 1M citizens, and a few MB of rows per task, which die young. Gathering
   * 500,000 rows (about 100 MB a task) made the collector copy them between generations: usage's
   * main pass at 1M citizens then spent 26-27 s of its tasks' time beyond their CPU time, against
   * 5 s with 32,768 (its wall time 41-44 s against 25-27 s). 8,192 did no better than 32,768.
   */
  static final int BUFFERED_ROWS = 32_768;

  private final OutputWriterFactory factory;
  private final Broadcast<SerializableConfiguration> configuration;
  private final StructType dataSchema;
  private final String partitionColumn;
  private final int partitionOrdinal;
  private final String folder;
  private final String job;
  private final int stage;
  private final int bufferedRows;

  private MonthFiles(OutputWriterFactory factory, Broadcast<SerializableConfiguration> configuration,
      StructType dataSchema, String partitionColumn, int partitionOrdinal, String folder, String job,
      int bufferedRows) {
    this.factory = factory;
    this.configuration = configuration;
    this.dataSchema = dataSchema;
    this.partitionColumn = partitionColumn;
    this.partitionOrdinal = partitionOrdinal;
    this.folder = folder;
    this.job = job;
    this.stage = Math.abs(job.hashCode() % 100_000);
    this.bufferedRows = bufferedRows;
  }

  /**
   * A writer of rows of {@code schema} into {@code folder}, which must not exist yet.
   *
   * @param schema the rows' schema: the data columns, then the partition column (non-null text)
   * @param options the Parquet writer's options, as a DataFrameWriter takes them
   */
  static MonthFiles prepare(SparkSession spark, StructType schema, String partitionColumn, Map<String, String> options,
      String folder) {
    return prepare(spark, schema, partitionColumn, options, folder, BUFFERED_ROWS);
  }

  /** As {@link #prepare}, gathering at most {@code bufferedRows} rows in a task before writing them. */
  static MonthFiles prepare(SparkSession spark, StructType schema, String partitionColumn, Map<String, String> options,
      String folder, int bufferedRows) {
    int ordinal = schema.fieldIndex(partitionColumn);
    StructField field = schema.fields()[ordinal];
    if (ordinal != schema.size() - 1 || !DataTypes.StringType.equals(field.dataType()) || field.nullable()) {
      throw new IllegalArgumentException(partitionColumn + " must be the last column, non-null text: " + schema);
    }
    StructType data = new StructType(java.util.Arrays.copyOf(schema.fields(), ordinal));
    scala.collection.immutable.Map<String, String> scalaOptions = scala.collection.immutable.Map.from(
        CollectionConverters.asScala(options));
    Configuration conf = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState()
        .newHadoopConfWithOptions(scalaOptions);
    try {
      Path path = new Path(folder);
      if (path.getFileSystem(conf).exists(path)) {
        throw new IllegalStateException(folder + " exists already");
      }
      Job hadoopJob = Job.getInstance(conf);
      hadoopJob.setOutputKeyClass(Void.class);
      hadoopJob.setOutputValueClass(InternalRow.class);
      org.apache.hadoop.mapreduce.lib.output.FileOutputFormat.setOutputPath(hadoopJob, path);
      OutputWriterFactory factory = new ParquetFileFormat().prepareWrite(spark, hadoopJob, scalaOptions, data);
      Broadcast<SerializableConfiguration> shipped = org.apache.spark.api.java.JavaSparkContext
          .fromSparkContext(spark.sparkContext()).broadcast(new SerializableConfiguration(hadoopJob.getConfiguration()));
      return new MonthFiles(factory, shipped, data, partitionColumn, ordinal, folder, UUID.randomUUID().toString(),
          bufferedRows);
    } catch (IOException e) {
      throw new UncheckedIOException("preparing to write " + folder, e);
    }
  }

  /**
   * Writes every row, each task to its own files; returns, per task, the files it wrote (paths
   * relative to the table). Run it with an action whose results reach the driver ({@code collect}).
   */
  JavaRDD<String> write(JavaRDD<InternalRow> rows) {
    return rows.mapPartitionsWithIndex((partition, input) -> writeTask(partition, input).iterator(), true);
  }

  private List<String> writeTask(int partition, Iterator<InternalRow> rows) throws IOException {
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    Configuration conf = configuration.value().value();
    TaskAttemptContext context = new TaskAttemptContextImpl(conf,
        new TaskAttemptID("coprod", stage, TaskType.MAP, partition, attempt));
    String attemptFolder = folder + "/" + TEMPORARY + "/" + job + "/" + partition + "-" + attempt;
    String fileName = String.format(java.util.Locale.ROOT, "part-%05d-%s.c000%s", partition, job,
        factory.getFileExtension(context));
    Map<UTF8String, Month> months = new HashMap<>();
    List<String> written = new ArrayList<>();
    boolean done = false;
    try {
      int buffered = 0;
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        UTF8String value = row.getUTF8String(partitionOrdinal);
        Month month = months.get(value);
        if (month == null) {
          String relative = ExternalCatalogUtils.getPartitionPathString(partitionColumn, value.toString()) + "/"
              + fileName;
          month = new Month(factory.newInstance(attemptFolder + "/" + relative, dataSchema, context));
          months.put(value.clone(), month); // a row's bytes may be the reader's, used again
          written.add(relative);
        }
        month.rows.add(dataColumns(row));
        if (++buffered == bufferedRows) {
          months.values().forEach(Month::writeOut);
          buffered = 0;
        }
      }
      months.values().forEach(Month::writeOut);
      done = true;
    } finally {
      IOException closing = null;
      for (Month month : months.values()) {
        try {
          month.writer.close();
        } catch (RuntimeException e) {
          closing = closing == null ? new IOException("closing " + month.writer.path(), e) : closing;
        }
      }
      if (!done || closing != null) {
        Path attemptPath = new Path(attemptFolder);
        try {
          attemptPath.getFileSystem(conf).delete(attemptPath, true);
        } catch (IOException e) {
          // Best effort: the driver deletes the job's temporary folder whatever happens to this attempt.
        }
      }
      if (done && closing != null) {
        throw closing;
      }
    }
    List<String> results = new ArrayList<>();
    for (String relative : written) {
      results.add(partition + "-" + attempt + "/" + relative);
    }
    return results;
  }

  /** One value's file and the rows gathered for it. */
  private static final class Month {
    final OutputWriter writer;
    final List<InternalRow> rows = new ArrayList<>();

    Month(OutputWriter writer) {
      this.writer = writer;
    }

    void writeOut() {
      for (InternalRow row : rows) {
        writer.write(row);
      }
      rows.clear();
    }
  }

  /**
   * A row's data columns (all but the last, the partition value), as Spark's Parquet writer wants
   * them: it writes every field of the row it is given. The values are taken as they are: a
   * gathered row must not depend on buffers its reader uses again, so an unsafe row (Spark's
   * reused rows) is copied.
   */
  private InternalRow dataColumns(InternalRow row) {
    int fields = dataSchema.size();
    if (row instanceof GenericInternalRow generic) {
      Object[] values = generic.values();
      return new GenericInternalRow(values.length == fields ? values : java.util.Arrays.copyOf(values, fields));
    }
    Object[] values = new Object[fields];
    for (int i = 0; i < fields; i++) {
      Object value = row.isNullAt(i) ? null : row.get(i, dataSchema.fields()[i].dataType());
      values[i] = value instanceof UTF8String text ? text.clone() : value;
    }
    return new GenericInternalRow(values);
  }

  /**
   * Moves the files the successful tasks wrote ({@link #write}'s results) into the table and
   * deletes the temporary folder with whatever else is in it; marks the table written
   * ({@code _SUCCESS}, as Spark's writes do).
   */
  void commit(SparkSession spark, List<String> results) {
    Configuration conf = configuration.value().value();
    Path table = new Path(folder);
    Path temporary = new Path(folder, TEMPORARY);
    try {
      FileSystem fs = table.getFileSystem(conf);
      fs.mkdirs(table);
      java.util.Set<String> folders = new java.util.HashSet<>();
      for (String result : results) {
        String relative = result.substring(result.indexOf('/') + 1);
        Path target = new Path(folder, relative);
        if (folders.add(target.getParent().toString())) {
          fs.mkdirs(target.getParent());
        }
        Path source = new Path(folder + "/" + TEMPORARY + "/" + job + "/" + result);
        if (!fs.rename(source, target)) {
          throw new IOException("could not move " + source + " to " + target);
        }
      }
      fs.delete(temporary, true);
      fs.create(new Path(table, "_SUCCESS"), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("committing the files written to " + folder, e);
    }
  }
}
