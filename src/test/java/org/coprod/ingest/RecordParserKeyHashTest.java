package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
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
    ColumnPlan plan = plan(survey);
    RecordParser parser = parser(survey, List.of());
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

  /**
   * {@link RecordParser#keyHashOfCell}, which hashes an ASCII cell's bytes as they are, against
   * {@link RecordParser#keyHash} of the text the reader decodes from them: cells with spaces and
   * control characters around them, empty, missing, among the null values, non-ASCII, invalid
   * UTF-8, and as a view inside a larger array (as a column vector's cells are).
   */
  @Test
  void aKeyCellsBytesHashAsItsText() {
    SourceContract usage = Contracts.USAGE;
    ColumnPlan plan = plan(usage);
    RecordParser parser = parser(usage, List.of("NA", "-"));
    int cell = parser.singleKeyCell(plan);
    assertThat(cell).isEqualTo(usage.columnNames().indexOf("event_id"));
    byte[] invalid = {'E', (byte) 0xC3, '1'};
    List<UTF8String> cells = new java.util.ArrayList<>();
    for (String text : new String[] {"E000001", " E000001\t", "\u0001E2\u0000", "", "   ", "NA", " - ", "NAN", "Ev-é",
        "E😀", "x".repeat(200)}) {
      cells.add(UTF8String.fromString(text));
    }
    cells.add(UTF8String.fromBytes(invalid));
    byte[] wide = "..E000001 ..".getBytes(StandardCharsets.UTF_8);
    cells.add(UTF8String.fromBytes(wide, 2, 8));
    cells.add(null);
    for (UTF8String value : cells) {
      String[] values = new String[plan.fileColumns.length];
      values[cell] = value == null ? null : value.toString();
      assertThat(parser.keyHashOfCell(plan, value)).as("cell %s", value).isEqualTo(parser.keyHash(plan, values));
    }
    assertThat(parser.keyHashOfCell(plan, UTF8String.fromString("E1")))
        .isNotEqualTo(parser.keyHashOfCell(plan, UTF8String.fromString("E2")));
    assertThat(parser.keyHashOfCell(plan, cells.get(1))).isEqualTo(parser.keyHashOfCell(plan, cells.get(0)));
    assertThat(parser.keyHashOfCell(plan, cells.get(cells.size() - 2)))
        .isEqualTo(parser.keyHashOfCell(plan, cells.get(0)));
    assertThat(parser(Contracts.SURVEY, List.of()).singleKeyCell(plan(Contracts.SURVEY))).as("two key columns")
        .isEqualTo(-1);
    InputSpec mapped = new InputSpec("usage", "unused", InputSpec.Format.CSV, ",")
        .withValues(java.util.Map.of("event_id", java.util.Map.of("E1", "E01")));
    assertThat(parser.singleKeyCell(ColumnPlan.of(usage, mapped, usage.columnNames(), "usage.csv")))
        .as("a key with a value map").isEqualTo(-1);
  }

  /** The plan of a CSV file with the contract's columns. */
  private static ColumnPlan plan(SourceContract contract) {
    InputSpec input = new InputSpec(contract.name(), "unused", InputSpec.Format.CSV, ",");
    return ColumnPlan.of(contract, input, contract.columnNames(), contract.name() + ".csv");
  }

  private static RecordParser parser(SourceContract contract, List<String> nullValues) {
    return new RecordParser(contract, ',', new Pseudonymiser("k".getBytes(StandardCharsets.UTF_8)), nullValues);
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
