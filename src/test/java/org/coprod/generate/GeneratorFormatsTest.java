package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clean JSON Lines and Parquet read back under the contract schemas; Parquet also in DuckDB. */
@SparkTest
class GeneratorFormatsTest {

  @TempDir
  Path dir;

  @Test
  void jsonAndParquetReadBackWithTheContract(SparkSession spark) throws Exception {
    for (OutputFormat format : new OutputFormat[] {OutputFormat.JSON, OutputFormat.PARQUET}) {
      Path root = dir.resolve(format.extension());
      Generator.generate(spark, GeneratorConfig.of(400, 8, format, root.toString()));
      JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
      for (SourceContract source : Contracts.all()) {
        var data = GeneratedData.read(spark, root.toString(), source, format);
        assertThat(data.count()).as(format + " " + source.name())
            .isEqualTo(manifest.path("sources").path(source.name()).path("lines").asLong());
        assertThat(data.schema().fieldNames()).containsExactlyElementsOf(source.columnNames());
        if (format == OutputFormat.PARQUET) {
          assertThat(data.schema().simpleString()).isEqualTo(source.plainSchema().asNullable().simpleString());
        }
      }
    }
    Path survey = dir.resolve("parquet/survey/*.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result = statement.executeQuery(
            "select count(*), min(interview_date), max(age) from read_parquet('" + survey + "')")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getLong(1)).isEqualTo(400);
      assertThat(result.getDate(2).toString()).startsWith("2025-");
      assertThat(result.getInt(3)).isBetween(16, 100);
    }
  }
}
