package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.functions;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DictionaryEpochs}: one epoch per row group's dictionary, over the several batches Spark
 * reads from it. (That an id's text is then the cell's own, where row groups give the same ids to
 * other values, ScanRowsTest and ParquetCellRulesTest check.)
 */
@SparkTest
class DictionaryEpochsTest {

  @Test
  void anEpochLastsAsLongAsItsRowGroupsDictionary(SparkSession spark, @TempDir Path dir) throws java.io.IOException {
    String folder = dir.resolve("d").toString();
    // Row groups of tens of thousands of rows (several batches of 4,096 each); few values, so a dictionary.
    spark.range(100_000).coalesce(1).selectExpr("concat('v', cast(id % 7 as string)) as value")
        .write().option("parquet.block.size", "65536").parquet(folder);
    int rowGroups = ScanRowsTest.rowGroups(folder);
    assertThat(rowGroups).as("row groups").isBetween(2, 20);
    Dataset<Row> selected = spark.read().parquet(folder).select(functions.col("_metadata.file_path"),
        functions.col("_metadata.row_index"), functions.col("value"));
    ScanRows scan = ScanRows.columnar(selected, new String[] {"value"});
    assertThat(scan).isNotNull();
    int cell = scan.layout().cells()[0];
    List<long[]> perPartition = scan.<long[]>read((partition, rows) -> {
      DictionaryEpochs epochs = new DictionaryEpochs();
      Set<Long> batches = new HashSet<>();
      Set<Long> seen = new HashSet<>();
      long byDictionary = 0;
      while (rows.next()) {
        if (rows.vector(cell) instanceof WritableColumnVector vector && vector.hasDictionary()) {
          byDictionary++;
          batches.add(rows.batch());
          seen.add(epochs.of(rows.batch(), vector));
        }
      }
      return List.of(new long[] {byDictionary, batches.size(), seen.size()}).iterator();
    }).collect();
    long rows = perPartition.stream().mapToLong(counts -> counts[0]).sum();
    long batches = perPartition.stream().mapToLong(counts -> counts[1]).sum();
    long epochs = perPartition.stream().mapToLong(counts -> counts[2]).sum();
    assertThat(rows).as("cells read by dictionary id").isEqualTo(100_000);
    assertThat(batches).as("batches").isGreaterThan(2L * rowGroups);
    assertThat(epochs).as("epochs").isEqualTo(rowGroups);
  }
}
