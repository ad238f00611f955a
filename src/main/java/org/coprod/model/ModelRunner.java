package org.coprod.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.output.ModelFitRow;
import org.coprod.spec.Method;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.SpecException;
import org.coprod.spec.formula.Formula;
import org.coprod.spec.formula.FormulaException;
import org.coprod.spec.formula.RandomTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the models of a job one after another. A model that fails (bad data, a column
 * missing from the table, a numerical breakdown) becomes a {@code model_fit} row with status
 * {@code failed} and the reason, and the other models still run.
 */
public final class ModelRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

  private ModelRunner() {}

  /**
   * Checks a model spec against its formula before any work starts: the formula parses, and
   * the method suits its random terms. Throws {@link SpecException} naming the model.
   */
  public static Formula validate(ModelSpec spec) {
    Formula formula;
    try {
      formula = Formula.parse(spec.formula());
    } catch (FormulaException e) {
      throw new SpecException("model " + spec.id() + ": " + e.getMessage());
    }
    if (spec.method() == Method.GLM && formula.isMultilevel()) {
      throw new SpecException("model " + spec.id() + ": formula has random terms " + labels(formula.randomTerms())
          + " but method is glm (use laplace or agq)");
    }
    if (spec.method() != Method.GLM) {
      if (!formula.isMultilevel()) {
        throw new SpecException("model " + spec.id() + ": method " + spec.method().name().toLowerCase(Locale.ROOT)
            + " needs a random intercept such as (1 | neighbourhood_id)");
      }
      for (RandomTerm term : formula.randomTerms()) {
        if (!term.isRandomIntercept() || formula.randomTerms().size() > 1) {
          throw new SpecException("model " + spec.id() + ": unsupported random term " + term.label()
              + ": only one random intercept (1 | g) is supported");
        }
      }
      // Multilevel SEs: model-based (the Hessian, as lme4) or the sandwich over the model's own groups.
      String grouping = formula.randomTerms().get(0).groupingLabel();
      switch (spec.standardErrors()) {
        case MODEL -> { }
        case CLUSTER -> {
          if (!grouping.equals(spec.cluster())) {
            throw new SpecException("model " + spec.id() + ": cluster-robust standard errors of a multilevel model are over its groups:"
                + " cluster must be " + grouping + " (is " + spec.cluster() + ")");
          }
        }
        case HC0, HC1 -> throw new SpecException("model " + spec.id() + ": standard errors "
            + spec.standardErrors().name().toLowerCase(Locale.ROOT) + " are for pooled models (multilevel: model or cluster)");
      }
    }
    return formula;
  }

  private static String labels(List<RandomTerm> terms) {
    return String.join(" + ", terms.stream().map(RandomTerm::label).toList());
  }

  /** Fits one model on a table; never throws for data or numerical problems. */
  public static ModelOutcome run(String runId, ModelSpec spec, Dataset<Row> data, int minGroupSize) {
    long start = System.nanoTime();
    Formula formula = validate(spec);
    data.sparkSession().sparkContext().setJobGroup("model " + spec.id(), "fit " + spec.id() + ": " + spec.formula(), false);
    try {
      DesignMatrixOptions options = DesignMatrixOptions.defaults();
      for (var reference : spec.references().entrySet()) {
        options = options.withReferenceLevel(reference.getKey(), reference.getValue());
      }
      if (spec.weights() != null) {
        options = options.withWeightColumn(spec.weights());
      }
      if (spec.cluster() != null) {
        options = options.withClusterColumn(spec.cluster());
      }
      Dataset<Row> rows = spec.subset() == null ? data : data.where(org.apache.spark.sql.functions.expr(spec.subset()));
      DesignMatrix design = DesignMatrixBuilder.build(rows, formula, options);
      return switch (spec.method()) {
        case GLM -> PooledModelRunner.run(runId, spec, design, start);
        case LAPLACE, AGQ -> MultilevelModelRunner.run(runId, spec, design, start, minGroupSize);
      };
    } catch (RuntimeException e) {
      LOG.warn("model {} failed: {}", spec.id(), e.toString());
      return failed(runId, spec, e, (System.nanoTime() - start) / 1e9);
    } finally {
      data.sparkSession().sparkContext().clearJobGroup();
    }
  }

  static ModelOutcome failed(String runId, ModelSpec spec, Exception cause, double seconds) {
    String reason = Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName()).replace('\n', ' ');
    ModelFitRow row =
        new ModelFitRow(
            runId, spec.id(), null, spec.formula(), spec.method().name().toLowerCase(Locale.ROOT), spec.nAGQ(), null, null, null, null, null,
            spec.weights(), spec.cluster(), spec.standardErrors().name().toLowerCase(Locale.ROOT), null, null, null, null, null, null,
            false, "failed", reason, null, null, null, null, null, null, null, null, null, null, null, seconds);
    return new ModelOutcome(List.of(), row);
  }
}
