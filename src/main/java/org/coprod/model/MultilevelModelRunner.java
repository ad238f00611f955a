package org.coprod.model;

import static org.coprod.output.FactorEffectRow.finiteOrNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.coprod.output.GroupEffectsTable;
import org.coprod.output.ModelFitRow;
import org.coprod.output.VarianceComponentRow;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.stats.ConditionalMode;
import org.coprod.stats.CovarianceType;
import org.coprod.stats.PooledLogitFit;
import org.coprod.stats.PooledLogitFitter;
import org.coprod.stats.RandomInterceptFit;
import org.coprod.stats.RandomInterceptLogitFitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one random-intercept logit on Spark: the pooled logit first (start values and the
 * single-level model of the likelihood-ratio test), then Laplace or AGQ over the cached group
 * blocks, then conditional modes per group for {@code group_effects}.
 */
final class MultilevelModelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MultilevelModelRunner.class);
  private static final int MAX_ITERATIONS = 100;
  /** Groups per partition we aim for: enough tasks for parallelism, few enough for cheap tasks. */
  private static final int ROWS_PER_PARTITION = 250_000;

  private MultilevelModelRunner() {}

  static ModelOutcome run(String runId, ModelSpec spec, DesignMatrix design, long startNanos, int minGroupSize) {
    List<ModelColumn> columns = design.columns();
    int p = columns.size();
    String outcome = design.response().label();
    String grouping = design.groupingFactors().get(0);
    SparkSession spark = design.rows().sparkSession();
    Dataset<Row> rows = design.rows();
    final int intercept = columns.isEmpty() || !columns.get(0).isIntercept() ? -1 : 0;

    PooledLogitFit pooled;
    try (SparkLogitData data = new SparkLogitData(rows.drop("cluster"), p)) {
      pooled = PooledLogitFitter.fit(data, intercept, PooledLogitFitter.Options.defaults(p), j -> columns.get(j).name());
    }
    // As lme4 ("fixed-effect model matrix is rank deficient so dropping k columns"): aliased
    // columns are left out of the multilevel fit and reported as NA.
    boolean[] aliased = pooled.aliased();
    int[] kept = java.util.stream.IntStream.range(0, p).filter(j -> !aliased[j]).toArray();
    if (kept.length < p) {
      org.apache.spark.sql.Column x = rows.col("x");
      org.apache.spark.sql.Column[] keptColumns =
          java.util.Arrays.stream(kept).mapToObj(x::getItem).toArray(org.apache.spark.sql.Column[]::new);
      rows = rows.withColumn("x", org.apache.spark.sql.functions.array(keptColumns));
    }

    long rowCount = pooled.observations();
    int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(10_000, rowCount / ROWS_PER_PARTITION + 1));
    RandomInterceptFit fit;
    Dataset<Row> groupEffects;
    try (SparkGroupedLikelihood likelihood = new SparkGroupedLikelihood(rows, DesignMatrix.groupColumn(0), kept.length, partitions)) {
      // BFGS: every outer iteration is one gradient-only pass over the blocks; the Hessian (2(p+1)+1
      // group evaluations per pass) is paid only at the end, for the standard errors. A pooled start
      // that separates or fails stops the fit with its status (the fitter says why), counted but not fitted.
      fit = new RandomInterceptLogitFitter(spec.nAGQ(), MAX_ITERATIONS, RandomInterceptLogitFitter.Optimizer.BFGS)
          .fit(likelihood, pooled);
      double fitSeconds = (System.nanoTime() - startNanos) / 1e9;
      LOG.info("model {}: {} ({}), {} groups ({} of one row), {} rows, sigma {}, logLik {}, {} iterations, {} s", spec.id(), fit.status(),
          fit.message(), fit.groups(), fit.singletonGroups(), fit.rows(), fit.sigma(), fit.logLik(), fit.iterations(),
          String.format(Locale.ROOT, "%.2f", fitSeconds));
      if (!fit.fitted()) {
        return notFitted(runId, spec, design, columns, kept, outcome, pooled, fit, startNanos, fitSeconds);
      }
      groupEffects = conditionalModes(spark, likelihood.blocks(), runId, spec.id(), grouping, fit, minGroupSize);
      return outcome(runId, spec, design, columns, kept, outcome, grouping, pooled, fit, groupEffects, startNanos, fitSeconds);
    }
  }

  /** Computes and caches the group table before the blocks are released. */
  private static Dataset<Row> conditionalModes(
      SparkSession spark, JavaRDD<org.coprod.stats.GroupBlock> blocks, String runId, String modelId, String grouping,
      RandomInterceptFit fit, int minGroupSize) {
    double[] beta = fit.beta();
    double sigma = fit.sigma();
    JavaRDD<Row> rows =
        blocks.map(
            block -> {
              boolean suppressed = block.rows() < minGroupSize;
              if (suppressed) {
                return RowFactory.create(runId, modelId, grouping, block.groupId(), null, null, null, true);
              }
              ConditionalMode mode = ConditionalMode.of(block, beta, sigma);
              return RowFactory.create(runId, modelId, grouping, block.groupId(), mode.rows(), finiteOrNull(mode.mode()),
                  finiteOrNull(mode.conditionalSd()), false);
            });
    Dataset<Row> table = spark.createDataFrame(rows, GroupEffectsTable.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    table.count();
    return table;
  }

  private static ModelOutcome outcome(
      String runId, ModelSpec spec, DesignMatrix design, List<ModelColumn> columns, int[] kept, String outcome, String grouping,
      PooledLogitFit pooled, RandomInterceptFit fit, Dataset<Row> groupEffects, long startNanos, double fitSeconds) {
    int p = columns.size();
    double[] nan = new double[p];
    java.util.Arrays.fill(nan, Double.NaN);
    double[] beta = nan.clone();
    double[] se = nan.clone();
    double[] robust = nan.clone();
    boolean[] aliased = new boolean[p];
    java.util.Arrays.fill(aliased, true);
    for (int k = 0; k < kept.length; k++) {
      beta[kept[k]] = fit.beta()[k];
      se[kept[k]] = fit.standardErrors()[k];
      robust[kept[k]] = fit.robustStandardErrors()[k];
      aliased[kept[k]] = false;
    }
    // The sandwich over groups always goes to se_cluster; it is the reported SE when asked for
    // (standard_errors: cluster on the grouping factor, e.g. with survey weights).
    boolean sandwich = spec.standardErrors() == CovarianceType.CLUSTER;
    String seType = seType(spec);
    EffectRows.Estimates numbers =
        new EffectRows.Estimates(beta, sandwich ? robust : se, seType, se, null, robust, nan, nan, aliased);
    double sigmaSe = sandwich ? fit.sigmaRobustStandardError() : fit.sigmaStandardError();
    String message = kept.length == p ? fit.message()
        : fit.message() + "; " + pooled.message().substring(pooled.message().indexOf("aliased"));
    var effects = EffectRows.build(runId, spec.id(), outcome, columns, numbers);

    double sigma = fit.sigma();
    double lr = Math.max(0, 2 * (fit.logLik() - pooled.logLikelihood()));
    // Boundary test of sigma = 0: the statistic is ½χ²₀ + ½χ²₁ under the null.
    double lrP = lr == 0 ? 1.0 : 0.5 * (1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(lr));
    double medianOddsRatio = Math.exp(Math.sqrt(2) * sigma * new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.75));
    int k = kept.length + 1;
    double aic = -2 * fit.logLik() + 2 * k;
    double bic = -2 * fit.logLik() + Math.log(fit.rows()) * k;
    ModelFitRow row =
        new ModelFitRow(
            runId, spec.id(), outcome, spec.formula(), method(spec), spec.nAGQ(), design.counts().rowsRead(),
            design.counts().rowsRead() - design.counts().rowsKept(), fit.rows(), fit.groups(), fit.singletonGroups(), spec.weights(),
            spec.cluster(), seType, finiteOrNull(fit.logLik()), finiteOrNull(fit.deviance()), finiteOrNull(pooled.nullDeviance()),
            finiteOrNull(aic), finiteOrNull(bic), fit.iterations(), fit.status().isOptimum(), fit.status().name().toLowerCase(Locale.ROOT),
            message, finiteOrNull(fit.gradientNorm()), fit.singular(), null, null, finiteOrNull(sigma),
            finiteOrNull(sigmaSe), finiteOrNull(fit.intraclassCorrelation()), finiteOrNull(medianOddsRatio),
            finiteOrNull(lr), finiteOrNull(lrP), fitSeconds, (System.nanoTime() - startNanos) / 1e9);
    List<VarianceComponentRow> variances = new ArrayList<>();
    variances.add(new VarianceComponentRow(runId, spec.id(), grouping, "(Intercept)", finiteOrNull(sigma * sigma), finiteOrNull(sigma),
        finiteOrNull(sigmaSe), fit.groups()));
    return new ModelOutcome(effects, row, variances, groupEffects);
  }

  /**
   * The row of a model whose random-intercept stage did not run (separation in the fixed part,
   * or a pooled start that failed): status and message say why, the data counts and the
   * separated terms are filled, every estimate is null, and no term rows are written.
   */
  private static ModelOutcome notFitted(
      String runId, ModelSpec spec, DesignMatrix design, List<ModelColumn> columns, int[] kept, String outcome, PooledLogitFit pooled,
      RandomInterceptFit fit, long startNanos, double fitSeconds) {
    boolean[] separated = new boolean[columns.size()];
    boolean[] keptSeparated = fit.separated();
    for (int k = 0; k < kept.length; k++) {
      separated[kept[k]] = keptSeparated[k];
    }
    ModelFitRow row =
        new ModelFitRow(
            runId, spec.id(), outcome, spec.formula(), method(spec), spec.nAGQ(), design.counts().rowsRead(),
            design.counts().rowsRead() - design.counts().rowsKept(), fit.rows(), fit.groups(), fit.singletonGroups(), spec.weights(),
            spec.cluster(), seType(spec), null, null, finiteOrNull(pooled.nullDeviance()), null, null, null, false,
            fit.status().name().toLowerCase(Locale.ROOT), fit.message(), null, null, PooledModelRunner.separatedTerms(columns, separated),
            null, null, null, null, null, null, null, fitSeconds, (System.nanoTime() - startNanos) / 1e9);
    return new ModelOutcome(List.of(), row);
  }

  /** hessian (model-based, as lme4) or cluster (the sandwich over groups); ModelRunner.validate allows no other. */
  private static String seType(ModelSpec spec) {
    return spec.standardErrors() == CovarianceType.CLUSTER ? "cluster" : "hessian";
  }

  private static String method(ModelSpec spec) {
    return spec.nAGQ() == 1 && spec.method() == org.coprod.spec.Method.LAPLACE ? "laplace" : "agq";
  }
}
