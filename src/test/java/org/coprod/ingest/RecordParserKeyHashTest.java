package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordParser#keyHash}, which encodes the key into a reused buffer, against its
 * definition: XXH64 (seed 42) of the UTF-8 bytes of each unique-key value as mapped and trimmed
 * (a missing one as NUL "null"), each followed by \u0001. The survey's key has two columns.
 */
class RecordParserKeyHashTest {

  @Test
  void hashesTheKeysUtf8TextWithSeparators() {
    SourceContract survey = Contracts.SURVEY;
    InputSpec input = new InputSpec("survey", "unused", InputSpec.Format.CSV, ",");
    ColumnPlan plan = ColumnPlan.of(survey, input, survey.columnNames(), "survey.csv");
    RecordParser parser = new RecordParser(survey, ',', new Pseudonymiser("k".getBytes(StandardCharsets.UTF_8)),
        List.of());
    int respondent = survey.columnNames().indexOf("respondent_id");
    int wave = survey.columnNames().indexOf("wave");
    assertThat(survey.uniqueKey()).containsExactly("respondent_id", "wave");
    String[][] keys = {{"R0001", "1"}, {" R0001 ", "1"}, {"Ré-01", "2"}, {"R😀", "3"}, {null, "1"}, {"R2", null},
        {"", ""}, {"x".repeat(300) + "é".repeat(100), "12"}, {"\ud800", "1"}, {"R3", "1"}};
    long[] hashes = new long[keys.length];
    for (int k = 0; k < keys.length; k++) {
      String[] values = new String[survey.columnNames().size()];
      values[respondent] = keys[k][0];
      values[wave] = keys[k][1];
      hashes[k] = parser.keyHash(plan, values);
      assertThat(hashes[k]).as("key %s", Arrays.toString(keys[k])).isEqualTo(reference(keys[k]));
    }
    assertThat(hashes[0]).as("trimmed").isEqualTo(hashes[1]);
    assertThat(Arrays.stream(hashes).distinct().count()).isEqualTo(keys.length - 1);
  }

  private static long reference(String[] key) {
    StringBuilder text = new StringBuilder();
    for (String value : key) {
      String cell = value == null || value.trim().isEmpty() ? null : value.trim();
      text.append(cell == null ? "\u0000null" : cell).append('\u0001');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    return XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, 42L);
  }
}
