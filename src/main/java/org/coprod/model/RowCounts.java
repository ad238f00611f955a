package org.coprod.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to the input rows. {@code rowsKept = rowsRead - rowsDroppedMissing - sum(invalidByReason)}.
 *
 * @param rowsRead rows in the input
 * @param rowsDroppedMissing rows with a missing value in at least one used variable
 * @param missingByVariable per variable label, rows where it is missing (a row may count under several)
 * @param invalidByReason complete rows dropped by rule, each under its first failing rule
 * @param rowsKept rows of the design matrix
 */
public record RowCounts(
    long rowsRead, long rowsDroppedMissing, Map<String, Long> missingByVariable, Map<InvalidRowReason, Long> invalidByReason, long rowsKept) {

  public RowCounts {
    requireNonNull(missingByVariable, "missingByVariable is null");
    requireNonNull(invalidByReason, "invalidByReason is null");
    // Copies that keep the order: variables as in the formula, reasons in rule order.
    missingByVariable = Collections.unmodifiableMap(new LinkedHashMap<>(missingByVariable));
    Map<InvalidRowReason, Long> reasons = new EnumMap<>(InvalidRowReason.class);
    reasons.putAll(invalidByReason);
    invalidByReason = Collections.unmodifiableMap(reasons);
    long invalid = invalidByReason.values().stream().mapToLong(Long::longValue).sum();
    if (rowsRead < 0 || rowsDroppedMissing < 0 || rowsKept < 0 || rowsKept != rowsRead - rowsDroppedMissing - invalid) {
      throw new IllegalArgumentException("inconsistent row counts: read " + rowsRead + ", missing " + rowsDroppedMissing
          + ", invalid " + invalid + ", kept " + rowsKept);
    }
  }

  /** Rows dropped for an invalid value, all reasons. */
  public long rowsDroppedInvalid() {
    return invalidByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
