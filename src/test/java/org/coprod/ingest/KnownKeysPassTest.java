package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.Contracts;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KnownKeysPass}: a source's known keys, from its files alone, are the first key column of
 * every well-formed record, as the record carries it (trimmed, pseudonymised): a record that
 * fails a rule still names its key; a malformed line and a missing key name none. From Parquet,
 * reading the key's cell only, the keys are those the same rows give from CSV.
 */
@SparkTest
class KnownKeysPassTest {

  @Test
  void theKeysOfWellFormedRecordsRulesOrNot(SparkSession spark, @TempDir Path dir) {
    List<Map<String, String>> rows = IngestFixtures.validRows(Contracts.NEIGHBOURHOODS, 4);
    rows.get(1).put("population", "many"); // N2: a parse failure, quarantined, but well-formed
    rows.get(3).put("neighbourhood_id", " N4 "); // trimmed
    Map<String, String> blank = IngestFixtures.validRow(Contracts.NEIGHBOURHOODS, 5);
    blank.put("neighbourhood_id", ""); // no key
    rows.add(blank);
    rows.add(IngestFixtures.validRow(Contracts.NEIGHBOURHOODS, 1)); // N1 again
    Path file = IngestFixtures.writeCsv(dir.resolve("neighbourhoods/part-0.csv"),
        Contracts.NEIGHBOURHOODS.columnNames(), rows);
    List<String> lines = new ArrayList<>(readLines(file));
    lines.set(3, lines.get(3) + ",one field too many"); // N3: malformed
    IngestFixtures.writeLines(file, lines);

    KnownKeys keys = knownKeys(spark, "neighbourhoods", file.getParent(), InputSpec.Format.CSV);
    assertThat(keys.texts()).as("few keys: texts").isNotNull();
    for (String known : List.of("N1", "N2", "N4")) {
      assertThat(keys.texts().contains(known)).as(known).isTrue();
    }
    for (String unknown : List.of("N3", " N4 ", "", "N5")) {
      assertThat(keys.texts().contains(unknown)).as("'" + unknown + "'").isFalse();
    }
  }

  @Test
  void parquetKeysArePseudonymsAsFromCsv(SparkSession spark, @TempDir Path dir) {
    List<Map<String, String>> rows = IngestFixtures.validRows(Contracts.SURVEY, 3);
    rows.get(2).put("respondent_id", " R3");
    rows.get(1).put("age", "999"); // out of range: R2 is still known
    Map<String, String> blank = IngestFixtures.validRow(Contracts.SURVEY, 4);
    blank.put("respondent_id", " ");
    rows.add(blank);
    Path csv = IngestFixtures.writeCsv(dir.resolve("csv/survey/part-0.csv"), Contracts.SURVEY.columnNames(), rows);
    StructType schema = new StructType();
    for (String column : Contracts.SURVEY.columnNames()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    List<Row> parquetRows = rows.stream()
        .map(row -> RowFactory.create(Contracts.SURVEY.columnNames().stream().map(row::get).toArray())).toList();
    Path parquet = dir.resolve("parquet/survey");
    spark.createDataFrame(parquetRows, schema).coalesce(1).write().parquet(parquet.toString());

    Pseudonymiser pseudonymiser = new Pseudonymiser(IngestFixtures.DEMO_KEY.getBytes(StandardCharsets.UTF_8));
    for (KnownKeys keys : List.of(knownKeys(spark, "survey", csv.getParent(), InputSpec.Format.CSV),
        knownKeys(spark, "survey", parquet, InputSpec.Format.PARQUET))) {
      for (String respondent : List.of("R1", "R2", "R3")) {
        assertThat(keys.texts().contains(pseudonymiser.pseudonym(respondent))).as(respondent).isTrue();
        assertThat(keys.texts().contains(respondent)).as("the raw " + respondent).isFalse();
      }
      assertThat(keys.texts().contains(pseudonymiser.pseudonym("R4"))).isFalse();
    }
  }

  private static KnownKeys knownKeys(SparkSession spark, String source, Path location, InputSpec.Format format) {
    JobSpec spec = IngestFixtures.spec(Map.of(), Map.of(source, new InputSpec(source, location.toString(), format, ",")));
    IngestTarget target = IngestTarget.of(spec).get(0);
    InputFiles.Checked files = InputFiles.check(spark, target.contract(), target.input());
    RecordParser parser = new RecordParser(target.contract(), ',',
        new Pseudonymiser(IngestFixtures.DEMO_KEY.getBytes(StandardCharsets.UTF_8)), target.input().nullValues());
    List<Dataset<Row>> cached = new ArrayList<>();
    KnownKeys keys = KnownKeysPass.run(spark, target, files, parser, cached);
    assertThat(cached).as("nothing cached for keys held as texts").isEmpty();
    assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).as("this thread's").isNull();
    return keys;
  }

  private static List<String> readLines(Path file) {
    try {
      return java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
