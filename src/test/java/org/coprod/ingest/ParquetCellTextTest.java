package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetRecords.CellText}, which renders a cell from Spark's internal row, against the
 * text of the same cell read as an external row ({@link ParquetRecords#text}), for every type a
 * Parquet export may give a contract column, over edge values, read back from a real Parquet file.
 */
@SparkTest
class ParquetCellTextTest {

  @Test
  void rendersInternalValuesAsTheExternalValuesText(SparkSession spark, @TempDir Path folder) {
    String file = folder.resolve("cells.parquet").toString();
    Dataset<Row> values = spark.range(0, 12).select(col("id"),
        expr("element_at(array('E001', ' padded ', '', 'ünïcode ✓', null, 'x,y', '0', '-1', '1e5', 'NaN', 'true',"
            + " '2025-03-01'), cast(id as int) + 1)").as("text"),
        expr("element_at(array(0, -1, 2147483647, -2147483648, 42, null, 7, 100, -100, 1, 0, 5),"
            + " cast(id as int) + 1)").cast("int").as("int32"),
        expr("element_at(array(0, -1, 9223372036854775807, -9223372036854775808, 42, null, 3000000000, 7, 8, 9, 10, 11),"
            + " cast(id as int) + 1)").cast("long").as("int64"),
        expr("cast(id - 6 as short)").as("int16"),
        expr("cast(id * 20 - 120 as byte)").as("int8"),
        expr("element_at(array(0.5, -0.0, 1e-7, 1e21, 123456.789, null, double('NaN'), double('Infinity'),"
            + " 4.9e-324, 1.7976931348623157e308, 0.1, 2.0), cast(id as int) + 1)").cast("double").as("float64"),
        expr("element_at(array(0.5, -0.0, 1e-7, 1e21, 123456.789, null, 0.1, 3.4e38, 1.4e-45, 16777217.0, 2.5,"
            + " 100.0), cast(id as int) + 1)").cast("float").as("float32"),
        expr("element_at(array(true, false, null, true, false, true, false, true, false, true, false, true),"
            + " cast(id as int) + 1)").as("flag"),
        expr("element_at(array(date'2025-03-01', date'1900-01-01', date'1899-12-31', date'9999-12-31',"
            + " date'2024-02-29', null, date'1970-01-01', date'1969-12-31', date'2000-01-01', date'1583-01-01',"
            + " date'1000-06-15', date'2026-11-29'), cast(id as int) + 1)").as("day"),
        expr("element_at(array(timestamp'2025-03-01 10:00:00', timestamp'2025-03-01 10:00:00.999999',"
            + " timestamp'1969-12-31 23:59:59.5', timestamp'1900-01-01 00:00:00', timestamp'9999-12-31 23:59:59',"
            + " null, timestamp'1970-01-01 00:00:00', timestamp'2024-02-29 23:59:59', timestamp'1899-12-31 23:59:59',"
            + " timestamp'1000-01-01 00:00:00', timestamp'0999-12-31 23:59:59', timestamp'2026-11-29 07:00:01'),"
            + " cast(id as int) + 1)").as("instant"),
        expr("cast(id * 1.25 - 3 as decimal(10, 3))").as("amount"),
        expr("cast(id * 1000000000000 as decimal(30, 0))").as("big_amount"),
        expr("cast(concat('2025-03-0', cast(id % 9 + 1 as string), ' 10:00:00') as timestamp_ntz)").as("local_time"),
        expr("cast(concat('b', cast(id as string)) as binary)").as("bytes"));
    values.coalesce(1).write().parquet(file);

    Dataset<Row> read = spark.read().parquet(file).orderBy("id");
    List<Row> external = read.collectAsList();
    List<InternalRow> internal = new ArrayList<>();
    for (InternalRow row : read.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy).collect()) {
      internal.add(row);
    }
    StructField[] fields = read.schema().fields();
    assertThat(internal).hasSize(12);
    int compared = 0;
    for (int r = 0; r < internal.size(); r++) {
      for (int c = 1; c < fields.length; c++) {
        DataType type = fields[c].dataType();
        String expected = ParquetRecords.text(external.get(r).get(c));
        String actual = internal.get(r).isNullAt(c) ? null : new ParquetRecords.CellText(type).of(internal.get(r), c);
        assertThat(actual).as("row %d, column %s (%s)", r, fields[c].name(), type.simpleString()).isEqualTo(expected);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(12 * (fields.length - 1));
  }

  @Test
  void instantsAreTheFormattersText() {
    long[] seconds = {0, -1, 1, 86_399, 86_400, -62_135_596_800L, -30_610_224_000L, -2_208_988_800L, 253_402_300_799L,
        253_402_300_800L, 1_740_823_200L, 1_709_251_199L, -32_535_216_000L, -32_535_216_001L};
    for (long second : seconds) {
      assertThat(org.coprod.ingest.contract.ColumnSpec.timestampText(second)).as("epoch second %d", second)
          .isEqualTo(java.time.format.DateTimeFormatter.ofPattern(org.coprod.ingest.contract.ColumnSpec.TIMESTAMP_FORMAT)
              .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(second)));
    }
    // The hand-written years by their arithmetic: the last second of every day from 1896 to 2104
    // (each leap day and century rule among them), and seconds drawn over the years 1000 to 9999.
    java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter
        .ofPattern(org.coprod.ingest.contract.ColumnSpec.TIMESTAMP_FORMAT).withZone(java.time.ZoneOffset.UTC);
    java.util.List<Long> sweep = new java.util.ArrayList<>();
    for (long day = java.time.LocalDate.of(1896, 1, 1).toEpochDay(); day < java.time.LocalDate.of(2105, 1, 1)
        .toEpochDay(); day++) {
      sweep.add(day * 86_400L + 86_399L);
    }
    java.util.Random random = new java.util.Random(7);
    for (int k = 0; k < 100_000; k++) {
      sweep.add(-30_610_224_000L + (long) (random.nextDouble() * (253_402_300_800L + 30_610_224_000L)));
    }
    for (long second : sweep) {
      String expected = formatter.format(java.time.Instant.ofEpochSecond(second));
      String actual = org.coprod.ingest.contract.ColumnSpec.timestampText(second);
      if (!actual.equals(expected)) {
        assertThat(actual).as("epoch second %d", second).isEqualTo(expected);
      }
    }
  }
}
