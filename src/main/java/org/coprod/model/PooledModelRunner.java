package org.coprod.model;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.output.ModelFitRow;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.stats.CovarianceType;
import org.coprod.stats.PooledLogitFit;
import org.coprod.stats.PooledLogitFitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fits one pooled logit on Spark from its design matrix and turns the fit into output rows. */
final class PooledModelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PooledModelRunner.class);

  private PooledModelRunner() {}

  /** {@code startNanos}: when the design matrix started, so fit_seconds covers design, packing and optimisation. */
  static ModelOutcome run(String runId, ModelSpec spec, DesignMatrix design, long startNanos) {
    List<ModelColumn> columns = design.columns();
    int p = columns.size();
    int intercept = columns.isEmpty() || !columns.get(0).isIntercept() ? -1 : 0;
    Dataset<Row> rows = design.rows();
    PooledLogitFit fit;
    double auc;
    double fitSeconds;
    try (SparkLogitData data = new SparkLogitData(rows, p)) {
      PooledLogitFitter.Options options =
          PooledLogitFitter.Options.defaults(p)
              .withReportedCovariance(spec.standardErrors())
              .withMarginalEffects(MarginalEffectPlans.plan(columns));
      fit = PooledLogitFitter.fit(data, intercept, options, j -> columns.get(j).name());
      fitSeconds = (System.nanoTime() - startNanos) / 1e9;
      auc = fit.status().converged() || fit.status() == org.coprod.stats.FitStatus.SEPARATION ? data.areaUnderRoc(fit.coefficients()) : Double.NaN;
    }
    LOG.info("model {}: {} after {} iterations, {} rows, logLik {}, {} s", spec.id(), fit.status(), fit.iterations(), fit.observations(),
        fit.logLikelihood(), String.format("%.2f", fitSeconds));
    String outcome = design.response().label();
    EffectRows.Estimates numbers =
        new EffectRows.Estimates(
            fit.coefficients(), fit.standardErrors(), spec.standardErrors().name(), fit.standardErrors(CovarianceType.MODEL),
            fit.standardErrors(CovarianceType.HC1), fit.clusterCovariance() == null ? null : fit.standardErrors(CovarianceType.CLUSTER),
            fit.averageMarginalEffects(), fit.averageMarginalEffectErrors(), fit.aliased());
    var effects = EffectRows.build(runId, spec.id(), outcome, columns, numbers);
    ModelFitRow fitRow =
        new ModelFitRow(
            runId, spec.id(), outcome, spec.formula(), "glm", 1,
            design.counts().rowsRead(), design.counts().rowsRead() - design.counts().rowsKept(), fit.observations(),
            fit.clusterCovariance() == null ? null : fit.clusters(), null, spec.weights(), spec.cluster(),
            spec.standardErrors().name().toLowerCase(java.util.Locale.ROOT),
            finite(fit.logLikelihood()), finite(fit.deviance()), finite(fit.nullDeviance()), finite(fit.aic()), finite(fit.bic()),
            fit.iterations(), fit.status().converged(), fit.status().name().toLowerCase(java.util.Locale.ROOT), fit.message(),
            null, null, separatedTerms(columns, fit.separatedColumns()), finite(auc), null, null, null, null, null, null, fitSeconds, (System.nanoTime() - startNanos) / 1e9);
    return new ModelOutcome(effects, fitRow);
  }

  /** {@code model_fit.separated_terms}: the flagged columns' R names, or null when none is flagged. */
  static String separatedTerms(List<ModelColumn> columns, boolean[] separated) {
    List<String> names = new java.util.ArrayList<>();
    for (int j = 0; j < separated.length; j++) {
      if (separated[j]) {
        names.add(columns.get(j).name());
      }
    }
    return names.isEmpty() ? null : String.join(ModelFitRow.TERM_SEPARATOR, names);
  }

  private static Double finite(double value) {
    return org.coprod.output.FactorEffectRow.finiteOrNull(value);
  }
}
