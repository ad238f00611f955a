package org.coprod.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-variable missing counts of a citizens table, in one aggregation pass: the nulls of each
 * column, except that a feature coded with a missing indicator counts the rows its indicator
 * marks (its nulls were replaced). The result is long (variable, missing), one row per column.
 */
public final class MissingCounts {

  private MissingCounts() {}

  /** Missing counts of a citizens table built with {@code options} (also one read back from Parquet). */
  public static Dataset<Row> of(Dataset<Row> citizens, FeatureOptions options) {
    List<String> variables = new ArrayList<>();
    List<Column> counts = new ArrayList<>();
    for (String column : citizens.columns()) {
      if (column.endsWith("_missing") && options.missingIndicators().contains(column.substring(0, column.length() - "_missing".length()))) {
        continue;
      }
      Column missing = options.missingIndicators().contains(column)
          ? col(column + "_missing").cast("long")
          : when(col(column).isNull(), lit(1L)).otherwise(lit(0L));
      variables.add(column);
      counts.add(coalesce(sum(missing), lit(0L)).as("m" + counts.size()));
    }
    Dataset<Row> wide = citizens.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new));
    StringBuilder stack = new StringBuilder("stack(").append(variables.size());
    for (int i = 0; i < variables.size(); i++) {
      stack.append(", '").append(variables.get(i)).append("', m").append(i);
    }
    stack.append(") as (variable, missing)");
    return wide.selectExpr(stack.toString());
  }
}
