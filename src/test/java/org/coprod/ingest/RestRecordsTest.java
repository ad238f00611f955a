package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct path's second-pass records ({@link RestRecords}): every value a raw record holds
 * comes back exactly; only the files of tasks that succeeded are read, each once; a failed task
 * leaves no file behind.
 */
@SparkTest
class RestRecordsTest {

  @Test
  void everyValueOfARawRecordComesBackExactly() throws Exception {
    String longText = "é".repeat(40_000) + "x"; // three chunks of modified UTF-8
    List<Row> records = List.of(
        RowFactory.create("file:/in/usage.csv", 12L, null, "a,b,c", null, null, true, null, 4L, -7L, "ü€😀"),
        RowFactory.create("", null, 0L, null, "malformed", "bytes", false, "1970-01-01", Long.MAX_VALUE,
            Long.MIN_VALUE, "lone \uD800 surrogate"),
        RowFactory.create(longText, "", "\u0000", "line\nbreak"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (Row record : records) {
        RestRecords.writeRecord(out, record);
      }
      out.writeInt(-1);
    }
    List<Row> back = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (Row record = RestRecords.readRecord(in); record != null; record = RestRecords.readRecord(in)) {
        back.add(record);
      }
    }
    assertThat(back).isEqualTo(records);
    assertThat(back.get(2).getString(0)).hasSize(40_001);
  }

  @Test
  void theSuccessfulTasksFilesAreReadOnceEach(SparkSession spark, @TempDir Path dir) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RestRecords rest = RestRecords.in(context, dir.resolve("scratch").toUri().toString(), "test rest");
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      numbers.add(i);
    }
    // Four partitions; the odd numbers are kept, and the last partition keeps none (it makes no file).
    long seen = context.parallelize(numbers, 4).mapPartitionsWithIndex((partition, values) -> {
      RestRecords.Writer writer = rest.writer();
      long count = 0;
      while (values.hasNext()) {
        int value = values.next();
        count++;
        if (value % 2 == 1 && partition < 3) {
          writer.write(RowFactory.create("row " + value, (long) value, value % 3 == 0));
        }
      }
      writer.finish();
      return List.of(count).iterator();
    }, true).reduce(Long::sum);
    assertThat(seen).isEqualTo(100);
    assertThat(rest.recordsWritten()).isEqualTo(37); // the odd numbers below 75

    RecordsRead read = new RecordsRead();
    spark.sparkContext().register(read, "test rest read");
    List<Row> back = rest.read(context, read).collect();
    assertThat(back).hasSize(37);
    assertThat(back.stream().map(row -> row.getLong(1)).sorted().toList())
        .isEqualTo(Stream.iterate(1L, v -> v < 75, v -> v + 2).toList());
    assertThat(back).allSatisfy(row -> assertThat(row.getBoolean(2)).isEqualTo(row.getLong(1) % 3 == 0));
    assertThat(read.value()).isEqualTo(37);
    assertThat(read.partitionsReported()).isEqualTo(3);
  }

  @Test
  void aFailedTaskReportsNothingAndLeavesNoFile(SparkSession spark, @TempDir Path dir) throws Exception {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path scratch = dir.resolve("scratch");
    RestRecords rest = RestRecords.in(context, scratch.toUri().toString(), "test rest, failing");
    assertThatThrownBy(() -> context.parallelize(List.of(1, 2, 3, 4), 2).mapPartitionsWithIndex(
        (partition, values) -> {
          RestRecords.Writer writer = rest.writer();
          while (values.hasNext()) {
            int value = values.next();
            writer.write(RowFactory.create((long) value));
            if (partition == 1) {
              throw new IllegalStateException("deliberate failure after writing " + value);
            }
          }
          writer.finish();
          Iterator<Integer> none = List.<Integer>of().iterator();
          return none;
        }, true).count()).hasStackTraceContaining("deliberate failure");
    // Partition 0 may or may not have finished before the job was cancelled; partition 1 never did.
    assertThat(rest.recordsWritten()).isIn(0L, 2L);
    if (Files.exists(scratch)) {
      try (Stream<Path> files = Files.list(scratch)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("part-1-"));
      }
    }
  }
}
