package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
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
}
