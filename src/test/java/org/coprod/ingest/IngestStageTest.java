package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class IngestStageTest {

  @Test
  void cleanDataIsAllAcceptedTypedAndPseudonymised(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 3);
    String clean = dir.resolve("clean").toString();
    IngestResult result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of()), clean, name -> null,
        UnaryOperator.identity());
    for (String source : List.of("survey", "usage", "links", "neighbourhoods", "municipalities")) {
      SourceCounts counts = result.source(source).counts();
      assertThat(counts.read()).as(source).isEqualTo(3);
      assertThat(counts.accepted()).as(source).isEqualTo(3);
      assertThat(counts.quarantined()).as(source).isZero();
      assertThat(counts.duplicatesDropped()).as(source).isZero();
      var table = spark.read().parquet(result.source(source).cleanPath());
      assertThat(table.count()).isEqualTo(3);
      for (var field : Contracts.byName(source).plainSchema().fields()) {
        assertThat(table.schema().apply(field.name()).dataType()).as(source + "." + field.name())
            .isEqualTo(field.dataType());
      }
    }
    assertThat(result.quarantine().count()).isZero();
    List<Row> ids = spark.read().parquet(result.source("survey").cleanPath()).select("respondent_id").collectAsList();
    assertThat(ids).allSatisfy(r -> assertThat(r.getString(0)).matches("[0-9a-f]{64}"));
    assertThat(spark.read().parquet(result.source("usage").cleanPath()).select("month").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("2025-03");
    // links still join survey after pseudonymisation: the same key gives the same pseudonym
    long joined = spark.read().parquet(result.source("links").cleanPath())
        .join(spark.read().parquet(result.source("survey").cleanPath()), "respondent_id").count();
    assertThat(joined).isEqualTo(3);
    Row total = result.quality().filter("source = 'survey' and rule_id = 'TOTAL'").first();
    assertThat(total.getLong(total.fieldIndex("rows_read"))).isEqualTo(3);
    result.release();
  }

  @Test
  void usageMonthIsTheMonthInUtcWhateverTheSessionTimeZone(SparkSession spark) {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
    try {
      List<Instant> instants = List.of(Instant.parse("2025-03-31T23:30:00Z"), Instant.parse("2025-04-01T00:30:00Z"),
          Instant.parse("2024-12-31T23:59:59.999999Z"), Instant.parse("2024-02-29T12:00:00Z"),
          Instant.parse("1969-12-31T23:59:59Z"), Instant.parse("1970-01-01T00:00:00Z"));
      var frame = spark.createDataFrame(instants.stream().map(i -> RowFactory.create(Timestamp.from(i))).toList(),
          DataTypes.createStructType(List.of(DataTypes.createStructField("ts", DataTypes.TimestampType, false))));
      List<String> months = frame.select(IngestStage.utcMonth(frame.col("ts"))).collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      assertThat(months).containsExactlyElementsOf(
          instants.stream().map(i -> YearMonth.from(i.atZone(ZoneOffset.UTC)).toString()).toList());
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void keysPseudonymsAndReferencesAreWrittenWithoutADictionary(SparkSession spark, @TempDir Path dir) {
    // Few distinct values in every column, so that Parquet would keep a dictionary for each.
    var table = spark.range(1000).selectExpr("concat('E', id % 3) as event_id", "concat('A', id % 2) as account_id",
        "timestamp_seconds(id % 5) as ts", "'app' as channel", "concat('N', id % 4) as neighbourhood_id",
        "'2025-03' as month");
    String path = dir.resolve("usage").toString();
    IngestStage.write(table, Contracts.USAGE, path, org.apache.spark.sql.SaveMode.ErrorIfExists);
    assertThat(dictionaryEncoded(spark, path)).containsEntry("event_id", false).containsEntry("account_id", false)
        .containsEntry("ts", false).containsEntry("neighbourhood_id", false).containsEntry("channel", true);
    // Timestamps as Parquet's INT64 microseconds in UTC, not Spark's legacy INT96, and read back as the same instants.
    String file = spark.read().parquet(path).inputFiles()[0];
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile
        .fromPath(new org.apache.hadoop.fs.Path(file), spark.sparkContext().hadoopConfiguration()))) {
      var ts = reader.getFooter().getFileMetaData().getSchema().getType("ts").asPrimitiveType();
      assertThat(ts.getPrimitiveTypeName())
          .isEqualTo(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64);
      assertThat(ts.getLogicalTypeAnnotation()).isEqualTo(org.apache.parquet.schema.LogicalTypeAnnotation
          .timestampType(true, org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(spark.read().parquet(path).selectExpr("unix_seconds(ts) as s").distinct().count()).isEqualTo(5);
    assertThat(spark.conf().contains("spark.sql.parquet.outputTimestampType")).as("set only for the write").isFalse();
  }

  /** Per column of the first Parquet file under a table, whether its first column chunk has a dictionary page. */
  private static Map<String, Boolean> dictionaryEncoded(SparkSession spark, String table) {
    String file = spark.read().parquet(table).inputFiles()[0];
    var configuration = spark.sparkContext().hadoopConfiguration();
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), configuration))) {
      Map<String, Boolean> dictionary = new java.util.HashMap<>();
      reader.getFooter().getBlocks().get(0).getColumns()
          .forEach(column -> dictionary.put(column.getPath().toDotString(), column.hasDictionaryPage()));
      return dictionary;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
