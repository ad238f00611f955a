package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet input is read in about four partitions a core ({@link ParquetRecords#partitionBytes}),
 * where Spark's own choice packs small files into as few partitions as the cores; a session that
 * sets {@code spark.sql.files.maxPartitionBytes} keeps its choice, and the setting is left as it was.
 */
@SparkTest
class ParquetRecordsPartitionsTest {

  @Test
  void smallFilesSpreadOverFourPartitionsACore(SparkSession spark, @TempDir Path dir) {
    SourceContract contract = Contracts.MUNICIPALITIES;
    StructType schema = new StructType();
    for (String column : contract.columnNames()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 3200; i++) {
      Map<String, String> row = IngestFixtures.validRow(contract, i);
      rows.add(RowFactory.create(contract.columnNames().stream().map(row::get).toArray()));
    }
    String folder = dir.resolve("municipalities").toString();
    spark.createDataFrame(rows, schema).repartition(32).write().parquet(folder);
    InputSpec input = new InputSpec("municipalities", folder, InputSpec.Format.PARQUET, ",");
    InputFiles.Checked files = InputFiles.check(spark, input.contract(contract), input);
    assertThat(files.files()).hasSize(32);
    RecordParser parser = new RecordParser(contract, ',', new Pseudonymiser("k".getBytes(StandardCharsets.UTF_8)),
        List.of());
    int cores = spark.sparkContext().defaultParallelism();
    String openCost = "spark.sql.files.openCostInBytes";
    spark.conf().set(openCost, "1");
    try {
      int ours = ParquetRecords.read(spark, files.files(), files.bytes(), new HashMap<>(files.plans()), parser, null,
          null).getNumPartitions();
      assertThat(spark.conf().contains("spark.sql.files.maxPartitionBytes")).as("left unset").isFalse();
      assertThat(ours).as("%d files of %d bytes on %d cores", files.files().size(), files.bytes(), cores)
          .isBetween(4 * cores, 8 * cores); // files are packed whole, so a partition can fall short
      assertThat(spark.read().parquet(folder).rdd().getNumPartitions()).as("Spark's own choice").isLessThan(ours);

      spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(files.bytes() / 3));
      assertThat(ParquetRecords.read(spark, files.files(), files.bytes(), new HashMap<>(files.plans()), parser, null,
          null).getNumPartitions()).as("the session's choice, as Spark makes it")
          .isEqualTo(spark.read().parquet(folder).rdd().getNumPartitions()).isLessThan(ours);
    } finally {
      spark.conf().unset(openCost);
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
    assertThat(ParquetRecords.read(spark, files.files(), files.bytes(), new HashMap<>(files.plans()), parser, null,
        null).count()).isEqualTo(3200);
  }
}
