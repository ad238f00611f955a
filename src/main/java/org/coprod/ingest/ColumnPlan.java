package org.coprod.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;

/**
 * How the columns of one file map onto its source's contract: for each contract column, the
 * file column it comes from (or a constant), its value mapping, and for each file column
 * whether it is an identifier to pseudonymise, personal data to drop, or kept in the raw record.
 * Built on the driver from the header, then shipped to executors.
 */
final class ColumnPlan implements Serializable {

  private static final long serialVersionUID = 1L;
  static final List<String> IDENTIFIERS = List.of("respondent_id", "account_id");

  final String[] fileColumns;
  /** Per contract column: index of the file column, or -1. */
  final int[] sourceIndex;
  /** Per contract column: constant value, or null. */
  final String[] constants;
  /** Per contract column: file value to contract value, or null. */
  final List<Map<String, String>> valueMaps;
  /** Per file column: mapped to a contract column (kept in raw records). */
  final boolean[] kept;
  /** Per file column: an identifier, pseudonymised everywhere. */
  final boolean[] identifier;
  /** Per file column: personal data. */
  final boolean[] personal;
  final int dateOfBirthIndex;
  private final Map<String, Integer> index;

  private ColumnPlan(String[] fileColumns, int[] sourceIndex, String[] constants, List<Map<String, String>> valueMaps,
      boolean[] kept, boolean[] identifier, boolean[] personal, int dateOfBirthIndex) {
    this.fileColumns = fileColumns;
    this.sourceIndex = sourceIndex;
    this.constants = constants;
    this.valueMaps = valueMaps;
    this.kept = kept;
    this.identifier = identifier;
    this.personal = personal;
    this.dateOfBirthIndex = dateOfBirthIndex;
    this.index = new HashMap<>();
    for (int i = 0; i < fileColumns.length; i++) {
      index.putIfAbsent(fileColumns[i], i);
    }
    for (int i = 0; i < fileColumns.length; i++) {
      index.putIfAbsent(lower(fileColumns[i]), i);
    }
  }

  /**
   * The plan for a file with these columns; fails naming the file when a required contract
   * column is neither in the file nor declared as a constant, or when two file columns give the
   * same contract column. File columns match the input's {@code columns} keys and the contract's
   * column names ignoring case; empty names (an unnamed index column) match nothing, and a
   * not-collected column is never read from the file.
   *
   * @param contract the input's contract (with its not-collected and extra columns, see
   *     {@link InputSpec#contract})
   */
  static ColumnPlan of(SourceContract contract, InputSpec input, List<String> fileColumns, String file) {
    PersonalColumns personalColumns = new PersonalColumns(input.personalColumns());
    List<String> contractColumns = contract.columnNames();
    Map<String, String> mapped = new HashMap<>();
    input.columns().forEach((fileColumn, target) -> mapped.put(lower(fileColumn), target));
    int[] sourceIndex = new int[contractColumns.size()];
    java.util.Arrays.fill(sourceIndex, -1);
    boolean[] kept = new boolean[fileColumns.size()];
    boolean[] identifier = new boolean[fileColumns.size()];
    boolean[] personal = new boolean[fileColumns.size()];
    int dateOfBirth = -1;
    for (int j = 0; j < fileColumns.size(); j++) {
      String name = fileColumns.get(j);
      String target = target(name, mapped, contractColumns, input.notCollected());
      if (target != null) {
        int i = contractColumns.indexOf(target);
        if (sourceIndex[i] >= 0) {
          throw new IngestFileException(contract.name(), file, "columns " + fileColumns.get(sourceIndex[i]) + " and "
              + name + " both give " + target + " (file columns are matched ignoring case)");
        }
        sourceIndex[i] = j;
        kept[j] = true;
        identifier[j] = IDENTIFIERS.contains(target);
      } else if (personalColumns.isPersonal(name)) {
        personal[j] = true;
        if (PersonalColumns.isDateOfBirth(name) && dateOfBirth < 0) {
          dateOfBirth = j;
        }
      }
    }
    String[] constants = new String[contractColumns.size()];
    List<Map<String, String>> valueMaps = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < contractColumns.size(); i++) {
      ColumnSpec column = contract.columns().get(i);
      constants[i] = input.constants().get(column.name());
      valueMaps.add(input.values().containsKey(column.name())
          ? new LinkedHashMap<>(input.values().get(column.name())) : null);
      boolean required = !column.nullable() || contract.keyColumns().contains(column.name());
      boolean derivable = column.name().equals("age") && dateOfBirth >= 0;
      if (sourceIndex[i] < 0 && constants[i] == null && required && !derivable) {
        missing.add(column.name() + mappedFrom(input, column.name()));
      }
    }
    if (!missing.isEmpty()) {
      String problem = "missing required columns " + String.join(", ", missing);
      if (fileColumns.size() == 1 && input.format() == InputSpec.Format.CSV) {
        problem = "the header has one column with delimiter '" + input.delimiter() + "'"
            + otherDelimiter(fileColumns.get(0)) + " while " + missing.size() + " columns are required (wrong delimiter?)";
      } else {
        problem += " (file columns: " + String.join(", ", fileColumns) + "; " + hint(input) + ")";
      }
      throw new IngestFileException(contract.name(), file, problem);
    }
    return new ColumnPlan(fileColumns.toArray(String[]::new), sourceIndex, constants, valueMaps, kept, identifier,
        personal, dateOfBirth);
  }

  /** The contract column a file column gives, or null. */
  private static String target(String name, Map<String, String> mapped, List<String> contractColumns,
      List<String> notCollected) {
    if (name.isEmpty()) {
      return null;
    }
    String lower = lower(name);
    if (mapped.containsKey(lower)) {
      return mapped.get(lower);
    }
    return contractColumns.contains(lower) && !notCollected.contains(lower) && !mapped.containsValue(lower) ? lower
        : null;
  }

  private static String mappedFrom(InputSpec input, String column) {
    for (Map.Entry<String, String> entry : input.columns().entrySet()) {
      if (entry.getValue().equals(column)) {
        return " (from " + entry.getKey() + ")";
      }
    }
    return "";
  }

  private static String hint(InputSpec input) {
    String key = input.specKey();
    if (key.startsWith("tables.")) {
      return "name the file's key column with " + key + ".key";
    }
    return "map them with " + key + ".columns, declare " + key + ".constants, or list the columns the source "
        + "does not have in " + key + ".not_collected";
  }

  static String lower(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static String otherDelimiter(String header) {
    for (char c : new char[] {';', '\t', '|', ','}) {
      if (header.indexOf(c) >= 0) {
        return " but it contains '" + (c == '\t' ? "\\t" : String.valueOf(c)) + "'";
      }
    }
    return "";
  }

  /** Index of a file column, or -1 (JSON keys; matched exactly, else ignoring case). */
  int indexOf(String fileColumn) {
    Integer i = index.get(fileColumn);
    if (i == null) {
      i = index.get(lower(fileColumn));
    }
    return i == null ? -1 : i;
  }

  /** Whether any file column is an identifier or not kept, i.e. raw lines must be rewritten before output. */
  boolean hasSensitiveColumns() {
    for (int j = 0; j < fileColumns.length; j++) {
      if (identifier[j] || !kept[j]) {
        return true;
      }
    }
    return false;
  }
}
