package org.coprod.output;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One row of {@code variance_components}: a random-effect variance of a multilevel model. */
public record VarianceComponentRow(
    String runId, String modelId, String grouping, String term, Double variance, Double sd, Double sdStdError, Long groups) {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("grouping", DataTypes.StringType, false)
          .add("term", DataTypes.StringType, false)
          .add("variance", DataTypes.DoubleType, true)
          .add("sd", DataTypes.DoubleType, true)
          .add("sd_std_error", DataTypes.DoubleType, true)
          .add("n_groups", DataTypes.LongType, true);

  public Row toRow() {
    return RowFactory.create(runId, modelId, grouping, term, variance, sd, sdStdError, groups);
  }
}
