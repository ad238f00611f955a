package org.coprod.model;

import static org.coprod.output.FactorEffectRow.finiteOrNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coprod.output.FactorEffectRow;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.stats.MultipleTesting;
import org.coprod.stats.WaldInference;

/**
 * Builds {@code factor_effects} rows from estimates and standard errors: Wald z, p and 95%
 * CI; odds ratios; Holm-adjusted p-values over the model's non-intercept terms; and the
 * role: "barrier" or "enabler" where the 95% CI excludes zero (negative or positive effect
 * on co-production), "no evidence" otherwise.
 */
final class EffectRows {

  /** Per-column numbers from whichever estimator fitted the model. */
  record Estimates(
      double[] estimates, double[] standardErrors, String seType, double[] modelSe, double[] robustSe, double[] clusterSe,
      double[] ame, double[] ameSe, boolean[] aliased) {}

  private EffectRows() {}

  static List<FactorEffectRow> build(String runId, String modelId, String outcome, List<ModelColumn> columns, Estimates numbers) {
    int p = columns.size();
    WaldInference[] wald = new WaldInference[p];
    double[] testable = new double[p];
    for (int j = 0; j < p; j++) {
      wald[j] = WaldInference.of(numbers.estimates()[j], numbers.standardErrors()[j]);
      testable[j] = columns.get(j).isIntercept() ? Double.NaN : wald[j].pValue();
    }
    double[] holm = MultipleTesting.holm(testable);
    List<FactorEffectRow> rows = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      ModelColumn column = columns.get(j);
      EffectLabels labels = EffectLabels.of(column);
      WaldInference w = wald[j];
      String role = null;
      if (!column.isIntercept() && !numbers.aliased()[j] && Double.isFinite(w.lower())) {
        role = w.lower() > 0 ? "enabler" : w.upper() < 0 ? "barrier" : "no evidence";
      }
      rows.add(
          new FactorEffectRow(
              runId, modelId, outcome, column.name(), labels.variable(), labels.level(), labels.featureLevel(), labels.actor(),
              labels.category(), labels.expectedRole(),
              finiteOrNull(w.estimate()), finiteOrNull(w.standardError()), numbers.seType().toLowerCase(Locale.ROOT),
              finiteOrNull(w.z()), finiteOrNull(w.pValue()), finiteOrNull(holm[j]),
              finiteOrNull(w.lower()), finiteOrNull(w.upper()),
              finiteOrNull(Math.exp(w.estimate())), finiteOrNull(Math.exp(w.lower())), finiteOrNull(Math.exp(w.upper())),
              finiteOrNull(numbers.ame()[j]), finiteOrNull(numbers.ameSe()[j]),
              finiteOrNull(at(numbers.modelSe(), j)), finiteOrNull(at(numbers.robustSe(), j)), finiteOrNull(at(numbers.clusterSe(), j)),
              numbers.aliased()[j], role));
    }
    return rows;
  }

  private static double at(double[] values, int j) {
    return values == null ? Double.NaN : values[j];
  }
}
