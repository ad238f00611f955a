package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manifest.json counts exactly the defects a plain reader finds. */
@SparkTest
class GeneratorDirtTest {

  @TempDir
  Path dir;

  @Test
  void manifestCountsEqualWhatAPlainReaderFinds(SparkSession spark) throws Exception {
    Path root = dir.resolve("dirty");
    Generator.generate(spark, GeneratorConfig.of(3_000, 99, OutputFormat.CSV, root.toString())
        .withDirtyRate(0.05).withRowsPerPartition(1_000));
    JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    PlainCsvAudit audit = new PlainCsvAudit(root);
    long total = 0;
    for (SourceContract source : Contracts.all()) {
      JsonNode stats = manifest.path("sources").path(source.name());
      assertThat(audit.lineCount(source.name())).as(source.name() + " lines").isEqualTo(stats.path("lines").asLong());
      Map<String, Long> expected = new LinkedHashMap<>();
      for (DirtKind kind : DirtKind.values()) {
        expected.put(kind.key(), stats.path("injected").path(kind.key()).asLong(0));
        total += stats.path("injected").path(kind.key()).asLong(0);
      }
      assertThat(audit.audit(source)).as(source.name()).isEqualTo(expected);
    }
    // At 5% every kind shows up in the survey.
    for (DirtKind kind : DirtKind.values()) {
      assertThat(manifest.path("sources").path("survey").path("injected").path(kind.key()).asLong())
          .as(kind.key()).isPositive();
    }
    assertThat(total).isGreaterThan(3_000);
  }

  @Test
  void cleanRunInjectsNothingAndHasNoPersonalData(SparkSession spark) throws Exception {
    Path root = dir.resolve("clean");
    Generator.generate(spark, GeneratorConfig.of(500, 3, OutputFormat.CSV, root.toString()));
    PlainCsvAudit audit = new PlainCsvAudit(root);
    for (SourceContract source : Contracts.all()) {
      assertThat(audit.audit(source).values()).as(source.name()).containsOnly(0L);
    }
    JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    assertThat(manifest.path("sources").path("survey").path("columns").toString()).doesNotContain("email");
  }
}
