package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact and conflicting duplicates of a key: the number of versions in the conflict's reason
 * counts distinct contents among the rows that pass the row rules (a rejected row is not a
 * version), exact copies are dropped after the first (by line), and the copies of a version
 * in conflict are dropped, not quarantined twice.
 */
@SparkTest
class IngestDuplicatesTest {

  @Test
  void versionsCountDistinctValidContentsOfAKey(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));
    List<Map<String, String>> rows = new ArrayList<>();
    rows.add(survey(1, "gender", "female")); // 2: version A of R1 wave 1
    rows.add(survey(1, "gender", "male")); // 3: version B
    rows.add(survey(1, "age", "77")); // 4: version C
    rows.add(survey(1, "gender", "female")); // 5: copy of A: dropped
    rows.add(survey(1, "gender", "x")); // 6: rejected by a row rule, not a version
    rows.add(survey(2, "gender", "female")); // 7: R2, one version
    rows.add(survey(2, "gender", "female")); // 8: copy: dropped
    rows.add(survey(2, "gender", "female")); // 9: copy: dropped
    rows.add(survey(3, "gender", "female", "wave", "1")); // 10: R3 wave 1
    rows.add(survey(3, "gender", "male", "wave", "2")); // 11: R3 wave 2, another key
    rows.add(survey(4, "gender", "female")); // 12: version A of R4
    rows.add(survey(4, "gender", "male")); // 13: version B
    rows.add(survey(4, "gender", "male")); // 14: copy of B: dropped
    IngestFixtures.writeCsv(dir.resolve("in/survey/part-0.csv"), Contracts.SURVEY.columnNames(), rows);
    IngestResult result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of()), dir.resolve("clean").toString(),
        name -> null, UnaryOperator.identity());
    Map<Long, List<String>> reasons = new HashMap<>();
    for (Row row : result.quarantine().filter("source = 'survey'").collectAsList()) {
      reasons.put(row.getLong(row.fieldIndex("line")), row.getList(row.fieldIndex("reasons")));
    }
    String three = "respondent_id, wave: 3 rows with this key differ in content";
    String two = "respondent_id, wave: 2 rows with this key differ in content";
    assertThat(reasons).containsOnlyKeys(2L, 3L, 4L, 6L, 12L, 13L)
        .containsEntry(2L, List.of(three)).containsEntry(3L, List.of(three)).containsEntry(4L, List.of(three))
        .containsEntry(6L, List.of("gender: 'x' is not one of female, male"))
        .containsEntry(12L, List.of(two)).containsEntry(13L, List.of(two));
    SourceCounts counts = result.source("survey").counts();
    assertThat(counts.read()).isEqualTo(13);
    assertThat(counts.duplicatesDropped()).isEqualTo(4);
    assertThat(counts.quarantined()).isEqualTo(6);
    assertThat(counts.accepted()).isEqualTo(3);
    assertThat(counts.failing(Rule.DUPLICATE_CONFLICT)).isEqualTo(5);
    assertThat(counts.failing(Rule.NOT_ALLOWED_VALUE)).isEqualTo(1);
    result.release();
  }

  /**
   * A line that a row rule rejects is no copy of a valid row, even with the same contract
   * fields (here a line with one field too many: its first fields are the valid row's): it is
   * quarantined, and the valid row after it is accepted, not dropped as its duplicate.
   */
  @Test
  void aRejectedLineDoesNotMakeItsValidTwinADuplicate(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));
    Map<String, String> row = IngestFixtures.validRow(Contracts.USAGE, 7);
    String valid = String.join(",", Contracts.USAGE.columnNames().stream().map(row::get).toList());
    IngestFixtures.writeLines(dir.resolve("in/usage/part-0.csv"), List.of(
        String.join(",", Contracts.USAGE.columnNames()),
        valid + ",extra", // 2: one field too many: malformed, quarantined
        valid, // 3: accepted
        valid)); // 4: copy of 3: dropped
    IngestResult result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of()), dir.resolve("clean").toString(),
        name -> null, UnaryOperator.identity());
    List<Row> quarantined = result.quarantine().filter("source = 'usage'").collectAsList();
    assertThat(quarantined).extracting(r -> r.getLong(r.fieldIndex("line"))).containsExactly(2L);
    assertThat(quarantined.get(0).<String>getList(quarantined.get(0).fieldIndex("rule_ids")))
        .containsExactly(Rule.MALFORMED_RECORD.name());
    SourceCounts counts = result.source("usage").counts();
    assertThat(counts.read()).isEqualTo(3);
    assertThat(counts.accepted()).isEqualTo(1);
    assertThat(counts.quarantined()).isEqualTo(1);
    assertThat(counts.duplicatesDropped()).isEqualTo(1);
    assertThat(spark.read().parquet(result.source("usage").cleanPath()).count()).isEqualTo(1);
    result.release();
  }

  /**
   * Of a version's exact copies, the first in the file is the one judged (here quarantined as
   * a conflicting version), also when the copies fall in different splits of the file and the
   * later split knows no line numbers: copies are ordered by byte offset.
   */
  @Test
  void theFirstCopyInTheFileIsKeptAcrossSplits(SparkSession spark, @TempDir Path dir) {
    Map<String, Path> sources = new LinkedHashMap<>(IngestFixtures.writeValidSources(dir.resolve("in"), 2));
    Map<String, String> a = IngestFixtures.validRow(Contracts.USAGE, 1);
    Map<String, String> b = new HashMap<>(a);
    b.put("account_id", a.get("account_id") + "b");
    List<String> lines = new ArrayList<>(List.of(String.join(",", Contracts.USAGE.columnNames()), line(a), line(b)));
    for (int i = 2; i < 40; i++) {
      lines.add(line(IngestFixtures.validRow(Contracts.USAGE, i)));
    }
    lines.add(line(a)); // a copy of version A, many splits later
    IngestFixtures.writeLines(dir.resolve("in/usage/part-0.csv"), lines);
    String splitSize = "mapreduce.input.fileinputformat.split.maxsize";
    spark.sparkContext().hadoopConfiguration().set(splitSize, "512");
    IngestResult result;
    try {
      result = IngestStage.run(spark, IngestFixtures.spec(sources, Map.of()), dir.resolve("clean").toString(),
          name -> null, UnaryOperator.identity());
    } finally {
      spark.sparkContext().hadoopConfiguration().unset(splitSize);
    }
    List<Row> quarantined = result.quarantine().filter("source = 'usage'").orderBy("offset").collectAsList();
    assertThat(quarantined).extracting(r -> r.isNullAt(r.fieldIndex("line")) ? null : r.getLong(r.fieldIndex("line")))
        .containsExactly(2L, 3L);
    SourceCounts counts = result.source("usage").counts();
    assertThat(counts.duplicatesDropped()).isEqualTo(1);
    assertThat(counts.read()).isEqualTo(41);
    result.release();
  }

  private static String line(Map<String, String> row) {
    return String.join(",", Contracts.USAGE.columnNames().stream().map(row::get).toList());
  }

  private static Map<String, String> survey(int i, String... changes) {
    Map<String, String> row = IngestFixtures.validRow(Contracts.SURVEY, i);
    row.put("wave", "1");
    for (int k = 0; k < changes.length; k += 2) {
      row.put(changes[k], changes[k + 1]);
    }
    return row;
  }
}
