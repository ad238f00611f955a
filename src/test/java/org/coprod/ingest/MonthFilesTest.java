package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MonthFiles} writes the table Spark's own partitioned write makes of the same rows, with
 * the writer's options, a file per month per task, however its rows are gathered; a failed task
 * leaves nothing where readers look, and the commit takes only the files of successful tasks.
 */
@SparkTest
class MonthFilesTest {

  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("event_id", DataTypes.StringType, true, Metadata.empty()),
      new StructField("ts", DataTypes.TimestampType, true, Metadata.empty()),
      new StructField("n", DataTypes.IntegerType, true, Metadata.empty()),
      new StructField("month", DataTypes.StringType, false, Metadata.empty())});
  private static final Map<String, String> OPTIONS = Map.of("parquet.enable.dictionary#event_id", "false");

  /** Row i: an event in one of five months, with a null now and then. */
  private static Object[] values(int i) {
    int month = i % 5;
    long second = java.time.LocalDate.of(2024, month + 1, 1 + i % 28).toEpochDay() * 86_400L + i;
    return new Object[] {UTF8String.fromString("E" + i), i % 17 == 0 ? null : second * 1_000_000L,
        i % 3 == 0 ? null : i % 4, UTF8String.fromString("2024-0" + (month + 1))};
  }

  private static JavaRDD<InternalRow> genericRows(SparkSession spark, int rows, int partitions) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ids.add(i);
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, partitions)
        .map(i -> (InternalRow) new GenericInternalRow(values(i)));
  }

  private static Dataset<Row> frame(SparkSession spark, JavaRDD<InternalRow> rows) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), SCHEMA, false);
  }

  @Test
  void writesTheTableSparksPartitionedWriteMakes(SparkSession spark, @TempDir Path dir) throws IOException {
    JavaRDD<InternalRow> rows = genericRows(spark, 2_000, 3);
    String expectedFolder = dir.resolve("spark").toString();
    IngestStage.withWriterSettings(spark, () -> {
      frame(spark, rows).write().options(OPTIONS).partitionBy("month").parquet(expectedFolder);
      return null;
    });
    List<String> expected = sortedRows(spark.read().parquet(expectedFolder));
    assertThat(expected).hasSize(2_000);

    // Generic rows, gathered a few at a time; and Spark's own (reused, unsafe) rows of the same.
    JavaRDD<InternalRow> unsafe = frame(spark, rows).queryExecution().toRdd().toJavaRDD();
    int variant = 0;
    for (JavaRDD<InternalRow> input : List.of(rows, unsafe)) {
      String folder = dir.resolve("files-" + variant++).toString();
      MonthFiles files = IngestStage.withWriterSettings(spark,
          () -> MonthFiles.prepare(spark, SCHEMA, "month", OPTIONS, folder, 7));
      files.commit(spark, files.write(input).collect());
      Dataset<Row> written = spark.read().parquet(folder);
      assertThat(written.schema()).isEqualTo(spark.read().parquet(expectedFolder).schema());
      assertThat(sortedRows(written)).as(folder).isEqualTo(expected);
      assertThat(Files.exists(Path.of(folder, "_SUCCESS"))).isTrue();
      assertThat(Files.exists(Path.of(folder, "_temporary"))).isFalse();
      for (int month = 1; month <= 5; month++) {
        assertThat(dataFiles(Path.of(folder, "month=2024-0" + month))).as("a file per task").hasSize(3);
      }
      // The writer's options and settings apply: no dictionary for event_id, timestamps as INT64 microseconds.
      Path file = dataFiles(Path.of(folder, "month=2024-01")).get(0);
      try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()),
              new org.apache.hadoop.conf.Configuration()))) {
        var columns = reader.getRowGroups().get(0).getColumns();
        assertThat(columns.get(0).getPath().toDotString()).isEqualTo("event_id");
        assertThat(columns.get(0).hasDictionaryPage()).isFalse();
        assertThat(columns.get(2).hasDictionaryPage()).as("n keeps its dictionary").isTrue();
        assertThat(reader.getFooter().getFileMetaData().getSchema().getType("ts").asPrimitiveType()
            .getPrimitiveTypeName().name()).isEqualTo("INT64");
      }
    }
  }

  @Test
  void aFailedTaskLeavesNothingWhereReadersLook(SparkSession spark, @TempDir Path dir) throws IOException {
    JavaRDD<InternalRow> failing = genericRows(spark, 600, 2).mapPartitionsWithIndex((partition, rows) -> {
      List<InternalRow> kept = new ArrayList<>();
      rows.forEachRemaining(kept::add);
      if (partition == 1) {
        // Fails after its rows are gathered and some written.
        return Stream.concat(kept.stream(), Stream.<InternalRow>of((InternalRow) null)).map(row -> {
          if (row == null) {
            throw new IllegalStateException("injected task failure");
          }
          return row;
        }).iterator();
      }
      return kept.iterator();
    }, true);
    String folder = dir.resolve("table").toString();
    MonthFiles files = MonthFiles.prepare(spark, SCHEMA, "month", OPTIONS, folder, 50);
    Throwable failure = catchThrowable(() -> files.write(failing).collect());
    assertThat(failure).isNotNull();
    assertThat(failure.toString() + failure.getCause()).contains("injected task failure");
    assertThat(dataFilesOutsideTemporary(Path.of(folder))).isEmpty();
    // The failed attempt removed its own files; the other task's, if it finished, wait there, never moved.
    try (Stream<Path> all = Files.walk(Path.of(folder))) {
      assertThat(all.filter(Files::isRegularFile).map(Path::toString).filter(name -> name.endsWith(".parquet")))
          .allMatch(name -> name.contains("/_temporary/") && !name.contains("/1-0/"));
    }
  }

  @Test
  void theCommitTakesOnlyTheFilesOfSuccessfulTasks(SparkSession spark, @TempDir Path dir) throws IOException {
    String folder = dir.resolve("table").toString();
    MonthFiles files = MonthFiles.prepare(spark, SCHEMA, "month", OPTIONS, folder);
    List<String> written = files.write(genericRows(spark, 300, 2)).collect();
    // What a failed attempt of task 1 would have left: a file under another attempt's folder.
    Path job;
    try (Stream<Path> jobs = Files.list(Path.of(folder, "_temporary"))) {
      job = jobs.findFirst().orElseThrow();
    }
    Path stray = job.resolve("1-1/month=2024-01/part-00001-stray.c000.snappy.parquet");
    Files.createDirectories(stray.getParent());
    Files.copy(dataFiles(job.resolve("0-0/month=2024-01")).get(0), stray);
    files.commit(spark, written);
    assertThat(Files.exists(Path.of(folder, "_temporary"))).isFalse();
    assertThat(dataFilesOutsideTemporary(Path.of(folder))).hasSize(written.size()).noneMatch(
        file -> file.toString().contains("stray"));
    assertThat(spark.read().parquet(folder).count()).isEqualTo(300);
  }

  private static List<String> sortedRows(Dataset<Row> table) {
    return table.select("event_id", "ts", "n", "month").collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static List<Path> dataFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static List<Path> dataFilesOutsideTemporary(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .filter(file -> !folder.relativize(file).toString().startsWith("_temporary")).toList();
    }
  }
}
