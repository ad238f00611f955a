package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows read, as the readers count them ({@link RecordsRead}) for the ingest invariant: each
 * input partition sets its count, so a partition read again (a retried task, a lost cache block
 * recomputed) is not counted twice, and every split of a file counts on its own.
 */
@SparkTest
class IngestRecordsReadTest {

  private static final String SPLIT_MAX = "mapreduce.input.fileinputformat.split.maxsize";

  @Test
  void aPartitionReadAgainIsCountedOnce() {
    RecordsRead read = new RecordsRead();
    read.add(new RecordsRead.Partition("part-0.csv@0", 5));
    read.add(new RecordsRead.Partition("part-0.csv@2048", 7));
    read.add(new RecordsRead.Partition("part-0.csv@0", 5));
    assertThat(read.value()).isEqualTo(12);
    assertThat(read.partitionsReported()).isEqualTo(2);
    // What a task starts from and sends back: its own reports, merged into the driver's.
    RecordsRead task = (RecordsRead) read.copyAndReset();
    assertThat(task.isZero()).isTrue();
    task.add(new RecordsRead.Partition("part-0.csv@2048", 7));
    task.add(new RecordsRead.Partition("part-1.csv@0", 1));
    read.merge(task);
    assertThat(read.value()).isEqualTo(13);
    assertThat(read.partitionsReported()).isEqualTo(3);
  }

  @Test
  void everySplitOfAFileReportsItsRecords(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      rows.add(IngestFixtures.validRow(Contracts.SURVEY, i));
    }
    for (int i = 1; i <= 3; i++) {
      rows.add(IngestFixtures.validRow(Contracts.SURVEY, i * 50)); // exact copies: dropped
    }
    IngestFixtures.writeCsv(dir.resolve("in/survey/part-0.csv"), Contracts.SURVEY.columnNames(), rows);
    JobSpec spec = IngestFixtures.spec(sources, Map.of());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String before = hadoop.get(SPLIT_MAX);
    hadoop.setLong(SPLIT_MAX, 2048);
    try {
      InputSpec input = spec.inputs().get("survey");
      SourceContract contract = input.contract(Contracts.SURVEY);
      InputFiles.Checked files = InputFiles.check(spark, contract, input);
      assertThat(files.files()).hasSize(1);
      RecordsRead read = new RecordsRead();
      spark.sparkContext().register(read);
      JavaRDD<Row> records = TextRecords.read(spark, input, files.files(), files.bytes(), new HashMap<>(files.plans()),
          new RecordParser(contract, ',', Pseudonymiser.fromSpec(spec, name -> null), input.nullValues()), read, null);
      assertThat(records.getNumPartitions()).as("splits of the one file").isGreaterThan(3);
      assertThat(records.count()).isEqualTo(203);
      assertThat(read.partitionsReported()).isEqualTo(records.getNumPartitions());
      assertThat(read.value()).isEqualTo(203);
      records.count(); // every split read again: the same counts are set again, not added
      assertThat(read.value()).isEqualTo(203);

      IngestResult result = IngestStage.run(spark, spec, dir.resolve("clean").toString(), name -> null,
          UnaryOperator.identity());
      SourceCounts counts = result.source("survey").counts();
      assertThat(counts.read()).isEqualTo(203);
      assertThat(counts.accepted()).isEqualTo(200);
      assertThat(counts.duplicatesDropped()).isEqualTo(3);
      assertThat(counts.quarantined()).isZero();
      assertThat(spark.read().parquet(result.source("survey").cleanPath()).count()).isEqualTo(200);
      result.release();
    } finally {
      if (before == null) {
        hadoop.unset(SPLIT_MAX);
      } else {
        hadoop.set(SPLIT_MAX, before);
      }
    }
  }
}
