package org.coprod.model;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Options of {@link DesignMatrixBuilder}; {@link #defaults()} then {@code withX}.
 *
 * @param factorColumns columns to treat as factors whatever their type (e.g. numeric codes)
 * @param referenceLevels reference level per factor, keyed by variable label ({@code factor(period)})
 *     or column name ({@code gender}); like R's {@code relevel}. For a factor response the
 *     reference is the failure level.
 * @param weightColumn prior (frequency) weights, or empty for weight 1
 * @param clusterColumn column copied to the {@code cluster} output column for cluster-robust SEs, or empty
 */
public record DesignMatrixOptions(
    Set<String> factorColumns, Map<String, String> referenceLevels, Optional<String> weightColumn, Optional<String> clusterColumn) {

  public DesignMatrixOptions {
    factorColumns = Set.copyOf(requireNonNull(factorColumns, "factorColumns is null"));
    referenceLevels = Map.copyOf(requireNonNull(referenceLevels, "referenceLevels is null"));
    requireNonNull(weightColumn, "weightColumn is null");
    requireNonNull(clusterColumn, "clusterColumn is null");
  }

  /** No declared factors, sorted-first references, no weights, no cluster. */
  public static DesignMatrixOptions defaults() {
    return new DesignMatrixOptions(Set.of(), Map.of(), Optional.empty(), Optional.empty());
  }

  public DesignMatrixOptions withFactorColumns(Set<String> columns) {
    Set<String> all = new LinkedHashSet<>(factorColumns);
    all.addAll(columns);
    return new DesignMatrixOptions(all, referenceLevels, weightColumn, clusterColumn);
  }

  public DesignMatrixOptions withReferenceLevel(String variable, String level) {
    Map<String, String> all = new LinkedHashMap<>(referenceLevels);
    all.put(requireNonNull(variable, "variable is null"), requireNonNull(level, "level is null"));
    return new DesignMatrixOptions(factorColumns, all, weightColumn, clusterColumn);
  }

  public DesignMatrixOptions withWeightColumn(String column) {
    return new DesignMatrixOptions(factorColumns, referenceLevels, Optional.of(column), clusterColumn);
  }

  public DesignMatrixOptions withClusterColumn(String column) {
    return new DesignMatrixOptions(factorColumns, referenceLevels, weightColumn, Optional.of(column));
  }
}
