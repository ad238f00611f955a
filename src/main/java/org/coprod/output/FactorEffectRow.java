package org.coprod.output;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code factor_effects}: a model term with its estimate, inference, odds ratio,
 * average marginal effect and its reading in the review's vocabulary. Column meanings are
 * documented in README ("Output tables"); {@link #SCHEMA} is the contract a test pins.
 */
public record FactorEffectRow(
    String runId,
    String modelId,
    String outcome,
    String term,
    String variable,
    String level,
    String featureLevel,
    String actor,
    String category,
    String expectedRole,
    Double estimate,
    Double stdError,
    String seType,
    Double zValue,
    Double pValue,
    Double pAdjustedHolm,
    Double ciLow,
    Double ciHigh,
    Double oddsRatio,
    Double orCiLow,
    Double orCiHigh,
    Double ame,
    Double ameSe,
    Double seModel,
    Double seRobust,
    Double seCluster,
    boolean aliased,
    String role) {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("outcome", DataTypes.StringType, false)
          .add("term", DataTypes.StringType, false)
          .add("variable", DataTypes.StringType, true)
          .add("level", DataTypes.StringType, true)
          .add("feature_level", DataTypes.StringType, true)
          .add("actor", DataTypes.StringType, true)
          .add("category", DataTypes.StringType, true)
          .add("expected_role", DataTypes.StringType, true)
          .add("estimate", DataTypes.DoubleType, true)
          .add("std_error", DataTypes.DoubleType, true)
          .add("se_type", DataTypes.StringType, false)
          .add("z_value", DataTypes.DoubleType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("p_adjusted_holm", DataTypes.DoubleType, true)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("odds_ratio", DataTypes.DoubleType, true)
          .add("or_ci_low", DataTypes.DoubleType, true)
          .add("or_ci_high", DataTypes.DoubleType, true)
          .add("ame", DataTypes.DoubleType, true)
          .add("ame_se", DataTypes.DoubleType, true)
          .add("se_model", DataTypes.DoubleType, true)
          .add("se_robust_hc1", DataTypes.DoubleType, true)
          .add("se_cluster", DataTypes.DoubleType, true)
          .add("aliased", DataTypes.BooleanType, false)
          .add("role", DataTypes.StringType, true);

  public Row toRow() {
    return RowFactory.create(
        runId, modelId, outcome, term, variable, level, featureLevel, actor, category, expectedRole,
        estimate, stdError, seType, zValue, pValue, pAdjustedHolm, ciLow, ciHigh, oddsRatio, orCiLow, orCiHigh,
        ame, ameSe, seModel, seRobust, seCluster, aliased, role);
  }

  /** NaN and infinities become null so that every reader sees "missing", not a special float. */
  public static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
