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

  /**
   * Texts taken by dictionary id are the cells' own texts, over row groups whose dictionaries
   * give the same ids to other values, and pages where the writer gave up its dictionary.
   */
  @Test
  void dictionaryTextsAreTheCellsTexts(SparkSession spark, @TempDir Path dir) throws java.io.IOException {
    String folder = dir.resolve("d").toString();
    // Row groups of a few thousand rows; in each, "group" takes other values, with the same
    // dictionary ids. "mixed" repeats 50 values in the first half of the rows and never repeats
    // in the second, where its writer gives up the dictionary (too small for them) for plain pages.
    spark.range(60_000).coalesce(1).selectExpr(
        "concat('g', cast(id div 7000 as string), '-', cast(id % 5 as string)) as group",
        "if(id % 13 = 0, null, if(id < 30000, concat('m', cast(id % 50 as string)), concat('x', cast(id as string))))"
            + " as mixed",
        "cast(id as string) as unique")
        .write().option("parquet.block.size", "65536").option("parquet.dictionary.page.size", "8192").parquet(folder);
    assertThat(rowGroups(folder)).as("row groups").isGreaterThanOrEqualTo(3);
    String[] columns = {"group", "mixed", "unique"};
    Dataset<Row> selected = spark.read().parquet(folder).select(functions.col("_metadata.file_path"),
        functions.col("_metadata.row_index"), functions.col("group"), functions.col("mixed"), functions.col("unique"));
    ScanRows scan = ScanRows.columnar(selected, columns);
    assertThat(scan).isNotNull();
    int[] cells = scan.layout().cells();
    List<long[]> perPartition = scan.<long[]>read((partition, rows) -> {
      ParquetRecords.CellText[] texts = new ParquetRecords.CellText[columns.length];
      for (int k = 0; k < texts.length; k++) {
        texts[k] = new ParquetRecords.CellText(DataTypes.StringType);
      }
      long rowsRead = 0;
      long wrong = 0;
      java.util.Set<Long> batches = new java.util.HashSet<>();
      while (rows.next()) {
        rowsRead++;
        batches.add(rows.batch());
        for (int k = 0; k < columns.length; k++) {
          if (rows.row().isNullAt(cells[k])) {
            continue;
          }
          String expected = rows.row().getUTF8String(cells[k]).toString();
          if (!expected.equals(texts[k].of(rows, cells[k]))) {
            wrong++;
          }
        }
      }
      return List.of(new long[] {rowsRead, wrong, texts[0].byDictionaryId(), texts[1].byDictionaryId(),
          texts[2].byDictionaryId(), batches.size()}).iterator();
    }).collect();
    long[] total = new long[6];
    for (long[] counts : perPartition) {
      for (int i = 0; i < total.length; i++) {
        total[i] += counts[i];
      }
    }
    assertThat(total[0]).as("rows").isEqualTo(60_000);
    assertThat(total[1]).as("texts other than the cells'").isZero();
    assertThat(total[2]).as("group's cells by dictionary id").isEqualTo(60_000);
    assertThat(total[3]).as("mixed: some cells by id, not all").isPositive().isLessThan(60_000 - 60_000 / 13);
    assertThat(total[5]).as("batches").isGreaterThan(8);
  }

  static int rowGroups(String folder) throws java.io.IOException {
    int groups = 0;
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of(folder))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf))) {
          groups += reader.getRowGroups().size();
        }
      }
    }
    return groups;
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
