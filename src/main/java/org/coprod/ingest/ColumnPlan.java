package org.coprod.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
  }

  /**
   * The plan for a file with these columns; fails naming the file when a required contract
   * column is neither in the file nor declared as a constant.
   */
  static ColumnPlan of(SourceContract contract, InputSpec input, List<String> fileColumns, String file) {
    PersonalColumns personalColumns = new PersonalColumns(input.personalColumns());
    List<String> contractColumns = contract.columnNames();
    int[] sourceIndex = new int[contractColumns.size()];
    java.util.Arrays.fill(sourceIndex, -1);
    boolean[] kept = new boolean[fileColumns.size()];
    boolean[] identifier = new boolean[fileColumns.size()];
    boolean[] personal = new boolean[fileColumns.size()];
    int dateOfBirth = -1;
    for (int j = 0; j < fileColumns.size(); j++) {
      String name = fileColumns.get(j);
      String target = input.columns().getOrDefault(name, contractColumns.contains(name) ? name : null);
      if (target != null) {
        int i = contractColumns.indexOf(target);
        if (sourceIndex[i] >= 0) {
          throw new IngestFileException(contract.name(), file, "columns " + fileColumns.get(sourceIndex[i]) + " and "
              + name + " both give " + target);
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
        missing.add(column.name());
      }
    }
    if (!missing.isEmpty()) {
      String problem = "missing required columns " + String.join(", ", missing);
      if (fileColumns.size() == 1 && input.format() == InputSpec.Format.CSV) {
        problem = "the header has one column with delimiter '" + input.delimiter() + "'"
            + otherDelimiter(fileColumns.get(0)) + " while " + missing.size() + " columns are required (wrong delimiter?)";
      } else {
        problem += " (file columns: " + String.join(", ", fileColumns)
            + "; map them with inputs." + contract.name() + ".columns or declare constants)";
      }
      throw new IngestFileException(contract.name(), file, problem);
    }
    return new ColumnPlan(fileColumns.toArray(String[]::new), sourceIndex, constants, valueMaps, kept, identifier,
        personal, dateOfBirth);
  }

  private static String otherDelimiter(String header) {
    for (char c : new char[] {';', '\t', '|', ','}) {
      if (header.indexOf(c) >= 0) {
        return " but it contains '" + (c == '\t' ? "\\t" : String.valueOf(c)) + "'";
      }
    }
    return "";
  }

  /** Index of a file column, or -1 (JSON keys). */
  int indexOf(String fileColumn) {
    Integer i = index.get(fileColumn);
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
