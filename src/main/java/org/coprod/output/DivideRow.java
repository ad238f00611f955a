package org.coprod.output;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code divide} ("double digital divide"): a factor's effect on ICT-enabled and
 * on traditional co-production from two models with the same covariates, the difference
 * (ICT − traditional, log-odds) and its SE, and whether the gap is wider for ICT.
 */
public record DivideRow(
    String runId,
    String term,
    String variable,
    String actor,
    String category,
    String ictModelId,
    String traditionalModelId,
    Double ictEstimate,
    Double ictStdError,
    Double traditionalEstimate,
    Double traditionalStdError,
    Double difference,
    Double differenceStdError,
    Double differenceZ,
    Double differencePValue,
    boolean widerForIct) {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("term", DataTypes.StringType, false)
          .add("variable", DataTypes.StringType, true)
          .add("actor", DataTypes.StringType, true)
          .add("category", DataTypes.StringType, true)
          .add("ict_model_id", DataTypes.StringType, false)
          .add("traditional_model_id", DataTypes.StringType, false)
          .add("ict_estimate", DataTypes.DoubleType, true)
          .add("ict_std_error", DataTypes.DoubleType, true)
          .add("traditional_estimate", DataTypes.DoubleType, true)
          .add("traditional_std_error", DataTypes.DoubleType, true)
          .add("difference", DataTypes.DoubleType, true)
          .add("difference_std_error", DataTypes.DoubleType, true)
          .add("difference_z", DataTypes.DoubleType, true)
          .add("difference_p_value", DataTypes.DoubleType, true)
          .add("wider_for_ict", DataTypes.BooleanType, false);

  public Row toRow() {
    return RowFactory.create(runId, term, variable, actor, category, ictModelId, traditionalModelId, ictEstimate, ictStdError,
        traditionalEstimate, traditionalStdError, difference, differenceStdError, differenceZ, differencePValue, widerForIct);
  }
}
