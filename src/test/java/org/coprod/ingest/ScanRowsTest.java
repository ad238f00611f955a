package org.coprod.ingest;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet reader's rows taken from the scan's columnar batches ({@link ScanRows#columnar})
 * give every row's file, row number and cell texts exactly as the plan's own rows do, over
 * several files, typed columns and nulls; the batches are used only when the scan is columnar.
 */
@SparkTest
class ScanRowsTest {

  private static final String VECTORIZED = "spark.sql.parquet.enableVectorizedReader";

  @Test
  void batchRowsGiveTheRecordsThePlansRowsGive(SparkSession spark, @TempDir Path dir) {
    SourceContract contract = Contracts.MUNICIPALITIES;
    StructType schema = new StructType();
    for (String column : contract.columnNames()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 9000; i++) {
      Map<String, String> row = IngestFixtures.validRow(contract, i);
      // Categories repeat and a text is now and then missing, as in an export.
      if (i % 11 == 0) {
        row.put(contract.columnNames().get(1), null);
      }
      rows.add(RowFactory.create(contract.columnNames().stream().map(row::get).toArray()));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, schema)
        .withColumn("n", expr("monotonically_increasing_id() % 1000"))
        .withColumn("count", expr("if(n % 7 = 0, null, cast(n as int))"))
        .withColumn("at", expr("timestamp_seconds(1700000000 + n * 3600)"))
        .withColumn("day", expr("date_add(date'2024-01-01', cast(n as int))"))
        .withColumn("share", expr("if(n % 5 = 0, null, n / 7.0d)"))
        .withColumn("amount", expr("cast(n * 1.25 as decimal(10, 3))"))
        .withColumn("kind", expr("element_at(array('a', 'bb', 'ccc', 'ünï'), cast(n % 4 as int) + 1)"));
    String folder = dir.resolve("municipalities").toString();
    frame.repartition(3).write().parquet(folder);
    InputSpec input = new InputSpec("municipalities", folder, InputSpec.Format.PARQUET, ",");
    InputFiles.Checked files = InputFiles.check(spark, input.contract(contract), input);
    assertThat(files.files()).hasSize(3);
    Map<String, TextRecords.FileInfo> plans = new HashMap<>(files.plans());
    ColumnPlan plan = plans.values().iterator().next().plan();
    assertThat(plan.fileColumns).contains("count", "at", "day", "share", "amount", "kind");

    ParquetRecords.RowHandler<String> shown = (info, file, line, rowId, values) ->
        file + "|" + line + "|" + rowId + "|" + Arrays.toString(values);
    assertThat(columnarScan(spark, files.files(), plan.fileColumns)).as("vectorized reader on").isTrue();
    List<String> fromBatches = ParquetRecords.handled(spark, files.files(), files.bytes(), plans, null, shown).collect();
    List<String> fromPlan;
    spark.conf().set(VECTORIZED, "false");
    try {
      assertThat(columnarScan(spark, files.files(), plan.fileColumns)).as("vectorized reader off").isFalse();
      fromPlan = ParquetRecords.handled(spark, files.files(), files.bytes(), plans, null, shown).collect();
    } finally {
      spark.conf().unset(VECTORIZED);
    }
    assertThat(fromBatches).hasSize(9000).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fromPlan);
    // Every file's rows are numbered 1..n.
    Map<String, Integer> rowsPerFile = new HashMap<>();
    Map<String, Long> lastLine = new HashMap<>();
    for (String record : fromBatches) {
      String[] parts = record.split("\\|", 3);
      rowsPerFile.merge(parts[0], 1, Integer::sum);
      lastLine.merge(parts[0], Long.parseLong(parts[1]), Math::max);
    }
    assertThat(rowsPerFile).hasSize(3);
    rowsPerFile.forEach((file, count) -> assertThat(lastLine.get(file)).as(file).isEqualTo((long) count));
  }

  /** Whether the reader's select over these files takes the scan's batches. */
  private static boolean columnarScan(SparkSession spark, List<String> files, String[] columns) {
    List<Column> selected = new ArrayList<>(List.of(functions.col("_metadata.file_path"),
        functions.col("_metadata.row_index")));
    for (String column : columns) {
      selected.add(functions.col("`" + column + "`"));
    }
    Dataset<Row> scan = spark.read().parquet(files.toArray(String[]::new)).select(selected.toArray(Column[]::new));
    return ScanRows.columnar(scan, columns) != null;
  }

  @Test
  void aFilteredScanKeepsThePlansRows(SparkSession spark, @TempDir Path dir) {
    String folder = dir.resolve("t").toString();
    spark.range(10).selectExpr("cast(id as string) as a").write().parquet(folder);
    Dataset<Row> filtered = spark.read().parquet(folder).select(functions.col("_metadata.file_path"),
        functions.col("_metadata.row_index"), functions.col("a")).filter("a > '3'");
    // A filter over the scan: its rows are not all the batches' rows.
    assertThat(ScanRows.columnar(filtered, new String[] {"a"})).isNull();
    assertThat(filtered.count()).isEqualTo(6);
  }
}
