package org.coprod.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The levels of one factor variable among the rows kept, in coding order: the reference
 * first (the first level in sort order, or the declared one), then the others in sort
 * order. Text levels sort by their UTF-8 bytes, which is what R's {@code factor()} does in
 * the C locale; numeric codes ({@code factor(period)}) sort numerically and are named as R
 * prints them; booleans give {@code FALSE}, {@code TRUE}.
 *
 * @param variable the variable label, e.g. {@code gender} or {@code factor(period)}
 * @param levels the levels, reference first
 * @param rowCounts rows per level, parallel to {@code levels}
 */
public record FactorLevels(String variable, List<String> levels, List<Long> rowCounts) {

  public FactorLevels {
    requireNonNull(variable, "variable is null");
    levels = List.copyOf(levels);
    rowCounts = List.copyOf(rowCounts);
    if (levels.size() != rowCounts.size()) {
      throw new IllegalArgumentException("levels and rowCounts differ in size for " + variable);
    }
  }

  /** The reference (baseline) level, or {@code null} when no row was kept. */
  public String reference() {
    return levels.isEmpty() ? null : levels.get(0);
  }
}
