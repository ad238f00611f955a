package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;
import org.coprod.spec.TableSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared tables ({@code tables:} in a job spec, read here from YAML with a data root): each is
 * read, validated against its declared contract, checked against the source it attaches to,
 * counted in quality, quarantined with rule ids and written as a clean table beside the sources.
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTablesTest {

  private static final String SPEC = """
      name: tables
      output: out
      data_root: data
      privacy: {demo_key: test-demo-key, key_env: COPROD_TEST_KEY_THAT_IS_NOT_SET}
      inputs:
        municipalities: ${data_root}/in/municipalities
        neighbourhoods: ${data_root}/in/neighbourhoods
      tables:
        population:
          path: ${data_root}/tables/population.csv
          attaches_to: neighbourhoods
          key: lsoa
          thousands_separator: ","
          columns:
            pop: {type: integer, min: 0, unit: persons, description: Mid-year population}
        budget:
          path: ${data_root}/tables/budget.jsonl
          format: json
          attaches_to: municipalities
          key: code
          null_values: ["n/a"]
          columns:
            budget: {from: Budget_EUR, type: double, min: 0, unit: EUR}
            adopted: {type: date}
          formats: {adopted: ["dd/MM/yyyy", "yyyy-MM-dd"]}
      """;

  private IngestResult result;
  private JobSpec spec;
  private Map<String, List<String>> rulesByLine;
  private Map<String, List<String>> reasonsByLine;

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @BeforeAll
  void ingest(SparkSession spark, @TempDir Path dir) throws IOException {
    IngestFixtures.writeValidSources(dir.resolve("data/in"), 3);
    // As mySociety's population file: a byte-order mark, quoted grouped numbers, a total row that is no area.
    write(dir.resolve("data/tables/population.csv"), "\uFEFFlsoa,pop\n"
        + "N1,\"1,954\"\n" // 2 accepted
        + "N2,12\n" // 3 accepted
        + "N2,12\n" // 4 exact duplicate: dropped
        + "N3,5\n" // 5 conflicts with 6
        + "N3,6\n" // 6
        + "Grand Total,1893691\n" // 7 not a neighbourhood
        + "N1x,-4\n"); // 8 not a neighbourhood, negative
    write(dir.resolve("data/tables/budget.jsonl"), """
        {"Code": "M1", "budget_eur": 1250.5, "adopted": "31/01/2025"}
        {"code": "M2", "Budget_EUR": "n/a", "adopted": "2025-02-01"}
        {"code": "M9", "Budget_EUR": 10}
        {"Budget_EUR": 10}
        """);
    spec = JobSpecReader.parse(SPEC, dir, name -> null);
    result = IngestStage.run(spark, spec, dir.resolve("clean").toString(), name -> null, UnaryOperator.identity());
    rulesByLine = new HashMap<>();
    reasonsByLine = new HashMap<>();
    for (Row row : result.quarantine().collectAsList()) {
      rulesByLine.put(row.getString(0) + ":" + row.get(2), row.getList(row.fieldIndex("rule_ids")));
      reasonsByLine.put(row.getString(0) + ":" + row.get(2), row.getList(row.fieldIndex("reasons")));
    }
  }

  @Test
  void specExposesTheTables() {
    assertThat(spec.tables().keySet()).containsExactly("population", "budget");
    assertThat(spec.tables().get("population").attachesTo()).isEqualTo(TableSpec.AttachesTo.NEIGHBOURHOODS);
    assertThat(result.tables().keySet()).containsExactly("population", "budget");
    assertThat(result.sources().keySet())
        .containsExactly("municipalities", "neighbourhoods", "population", "budget");
    assertThat(result.source("population").cleanPath()).endsWith("/clean/population");
  }

  @Test
  void tableRowsAreValidatedAgainstTheDeclarationAndTheParent(SparkSession spark) {
    SourceCounts counts = result.source("population").counts();
    assertThat(counts.read()).isEqualTo(7);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(counts.duplicatesDropped()).isEqualTo(1);
    assertThat(counts.quarantined()).isEqualTo(4);
    assertThat(rulesByLine).containsEntry("population:5", List.of("DUPLICATE_CONFLICT"))
        .containsEntry("population:6", List.of("DUPLICATE_CONFLICT"))
        .containsEntry("population:7", List.of("ORPHAN_REFERENCE"))
        .containsEntry("population:8", List.of("OUT_OF_RANGE", "ORPHAN_REFERENCE"));
    assertThat(reasonsByLine.get("population:7"))
        .containsExactly("neighbourhood_id: 'Grand Total' is not a neighbourhood_id of neighbourhoods");
    Dataset<Row> population = spark.read().parquet(result.source("population").cleanPath());
    assertThat(population.schema().simpleString()).isEqualTo("struct<neighbourhood_id:string,pop:int>");
    assertThat(population.schema().apply("pop").metadata().getString("unit")).isEqualTo("persons");
    assertThat(population.orderBy("neighbourhood_id").collectAsList()).extracting(Row::toString)
        .containsExactly("[N1,1954]", "[N2,12]");
  }

  @Test
  void jsonTableWithKeysInAnyCase(SparkSession spark) {
    SourceCounts counts = result.source("budget").counts();
    assertThat(counts.read()).isEqualTo(4);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(rulesByLine).containsEntry("budget:3", List.of("ORPHAN_REFERENCE"))
        .containsEntry("budget:4", List.of("REQUIRED_MISSING"));
    assertThat(reasonsByLine.get("budget:4")).containsExactly("municipality_id: required value is missing");
    Dataset<Row> budget = spark.read().parquet(result.source("budget").cleanPath());
    assertThat(budget.schema().apply("budget").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(budget.orderBy("municipality_id").collectAsList()).extracting(Row::toString)
        .containsExactly("[M1,1250.5,2025-01-31]", "[M2,null,2025-02-01]");
  }

  @Test
  void qualityHasEveryRuleForTheTablesAndReconciles() {
    List<Row> quality = result.quality().filter("source = 'population'").collectAsList();
    assertThat(quality).hasSize(Rule.values().length + 1);
    Row total = quality.stream().filter(r -> r.getString(1).equals("TOTAL")).findFirst().orElseThrow();
    assertThat(total.getLong(2)).isEqualTo(7);
    assertThat(total.getLong(2)).isEqualTo(total.getLong(3) + total.getLong(4) + total.getLong(5));
    Row orphans = quality.stream().filter(r -> r.getString(1).equals("ORPHAN_REFERENCE")).findFirst().orElseThrow();
    assertThat(orphans.getLong(4)).isEqualTo(2);
    assertThat(result.quarantine().filter("source = 'budget'").count()).isEqualTo(2);
  }

  @Test
  void withoutItsParentATableIsNotCheckedAgainstIt(SparkSession spark, @TempDir Path dir) throws IOException {
    write(dir.resolve("data/tables/population.csv"), "lsoa,pop\nE01000001,1500\nGrand Total,1500\n");
    write(dir.resolve("data/tables/budget.jsonl"), "{\"code\": \"M1\", \"Budget_EUR\": 1}\n");
    Files.createDirectories(dir.resolve("data/in/municipalities"));
    Files.createDirectories(dir.resolve("data/in/neighbourhoods"));
    JobSpec tablesOnly = JobSpecReader.parse(SPEC.replaceAll("(?m)^  (municipalities|neighbourhoods): .*\\n", ""),
        dir, name -> null);
    assertThat(tablesOnly.inputs()).isEmpty();
    IngestResult alone = IngestStage.run(spark, tablesOnly, dir.resolve("clean").toString(), name -> null,
        UnaryOperator.identity());
    assertThat(alone.source("population").counts().accepted()).isEqualTo(2);
    assertThat(alone.source("budget").counts().accepted()).isEqualTo(1);
    alone.release();
  }
}
