package org.coprod.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.spec.formula.Formula;
import org.coprod.spec.formula.ModelColumn;

/**
 * A model matrix on Spark and what describes it.
 *
 * <p>{@link #rows()} has exactly these columns, in this order:
 * <ul>
 *   <li>{@code y} double: successes (0/1 for a binary response)
 *   <li>{@code trials} double: 1 for a binary response, s + f for {@code cbind(s, f)}
 *   <li>{@code weight} double: prior weight, 1 when none
 *   <li>{@code x} array&lt;double&gt;: the model-matrix row, intercept included, in
 *       {@link #columns()} order
 *   <li>{@code g0}, {@code g1}, … string: the grouping factor of each random term, in formula
 *       order ({@code a:b} gives the values joined by {@code :})
 *   <li>{@code cluster} string: only when a cluster column was given
 * </ul>
 * The rows Dataset is lazy and not cached: a fitter that passes over it repeatedly caches it.
 *
 * @param formula the parsed formula
 * @param rows the design rows (see above)
 * @param columns model-matrix columns: R name, term, parts (variables and levels)
 * @param factors levels of every factor variable, in variable order
 * @param response how the response was read
 * @param groupingFactors labels of the {@code g0, g1, …} grouping factors, e.g. {@code neighbourhood_id}, {@code a:b}
 * @param counts rows read, dropped and kept
 */
public record DesignMatrix(
    Formula formula,
    Dataset<Row> rows,
    List<ModelColumn> columns,
    List<FactorLevels> factors,
    ResponseDescription response,
    List<String> groupingFactors,
    RowCounts counts) {

  public DesignMatrix {
    requireNonNull(formula, "formula is null");
    requireNonNull(rows, "rows is null");
    columns = List.copyOf(columns);
    factors = List.copyOf(factors);
    requireNonNull(response, "response is null");
    groupingFactors = List.copyOf(groupingFactors);
    requireNonNull(counts, "counts is null");
  }

  /** R's column names, as {@code colnames(model.matrix(...))}, in {@code x} order. */
  public List<String> columnNames() {
    return columns.stream().map(ModelColumn::name).toList();
  }

  /** Name of the grouping column of random term {@code index}: {@code g0}, {@code g1}, … */
  public static String groupColumn(int index) {
    return "g" + index;
  }
}
