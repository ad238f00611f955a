package org.coprod.output;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code model_fit}: how a model was fitted and how well, including failed
 * models (status and message say why; the numbers are null). Multilevel-only columns are
 * null for pooled models.
 */
public record ModelFitRow(
    String runId,
    String modelId,
    String outcome,
    String formula,
    String method,
    int nagq,
    Long rowsRead,
    Long rowsDropped,
    Long nObs,
    Long nGroups,
    Long nSingletonGroups,
    String weights,
    String cluster,
    String seType,
    Double logLik,
    Double deviance,
    Double nullDeviance,
    Double aic,
    Double bic,
    Integer iterations,
    boolean converged,
    String status,
    String message,
    Double gradientNorm,
    Boolean singularFit,
    String separatedTerms,
    Double auc,
    Double sigma,
    Double sigmaSe,
    Double icc,
    Double medianOddsRatio,
    Double lrStatistic,
    Double lrPValue,
    Double fitSeconds,
    Double wallSeconds) {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("outcome", DataTypes.StringType, true)
          .add("formula", DataTypes.StringType, false)
          .add("method", DataTypes.StringType, false)
          .add("nagq", DataTypes.IntegerType, false)
          .add("rows_read", DataTypes.LongType, true)
          .add("rows_dropped", DataTypes.LongType, true)
          .add("n_obs", DataTypes.LongType, true)
          .add("n_groups", DataTypes.LongType, true)
          .add("n_singleton_groups", DataTypes.LongType, true)
          .add("weights", DataTypes.StringType, true)
          .add("cluster", DataTypes.StringType, true)
          .add("se_type", DataTypes.StringType, false)
          .add("loglik", DataTypes.DoubleType, true)
          .add("deviance", DataTypes.DoubleType, true)
          .add("null_deviance", DataTypes.DoubleType, true)
          .add("aic", DataTypes.DoubleType, true)
          .add("bic", DataTypes.DoubleType, true)
          .add("iterations", DataTypes.IntegerType, true)
          .add("converged", DataTypes.BooleanType, false)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, false)
          .add("gradient_norm", DataTypes.DoubleType, true)
          .add("singular_fit", DataTypes.BooleanType, true)
          .add("separated_terms", DataTypes.StringType, true)
          .add("auc", DataTypes.DoubleType, true)
          .add("sigma", DataTypes.DoubleType, true)
          .add("sigma_se", DataTypes.DoubleType, true)
          .add("icc", DataTypes.DoubleType, true)
          .add("median_odds_ratio", DataTypes.DoubleType, true)
          .add("lr_statistic", DataTypes.DoubleType, true)
          .add("lr_p_value", DataTypes.DoubleType, true)
          .add("fit_seconds", DataTypes.DoubleType, true)
          .add("wall_seconds", DataTypes.DoubleType, true);

  /** Separates the terms of {@code separated_terms}; it cannot occur in an R term name (it ends an R expression). */
  public static final String TERM_SEPARATOR = "; ";

  public Row toRow() {
    return RowFactory.create(
        runId, modelId, outcome, formula, method, nagq, rowsRead, rowsDropped, nObs, nGroups, nSingletonGroups, weights, cluster, seType,
        logLik, deviance, nullDeviance, aic, bic, iterations, converged, status, message, gradientNorm, singularFit, separatedTerms, auc,
        sigma, sigmaSe, icc, medianOddsRatio, lrStatistic, lrPValue, fitSeconds, wallSeconds);
  }
}
