package org.coprod.cli;

import java.util.List;
import java.util.Locale;
import org.coprod.model.ModelOutcome;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.ModelFitRow;

/** The short, R-like summary printed after a run: per model, term, odds ratio, 95% CI, p. */
final class Summaries {

  private Summaries() {}

  static String models(List<ModelOutcome> outcomes) {
    StringBuilder out = new StringBuilder();
    for (ModelOutcome outcome : outcomes) {
      ModelFitRow fit = outcome.fit();
      out.append(String.format(Locale.ROOT, "%nmodel %s (%s): %s%n", fit.modelId(), fit.method(), fit.formula()));
      out.append(String.format(Locale.ROOT, "  status %s: %s%n", fit.status(), fit.message()));
      if (fit.nObs() != null) {
        out.append(String.format(Locale.ROOT, "  n = %d, logLik = %.3f, AIC = %.2f, BIC = %.2f, SE: %s%n", fit.nObs(),
            fit.logLik() == null ? Double.NaN : fit.logLik(), nan(fit.aic()), nan(fit.bic()), fit.seType()));
      }
      if (outcome.effects().isEmpty()) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "  %-32s %9s %9s %9s %9s %10s  %s%n", "term", "estimate", "OR", "OR 2.5%", "OR 97.5%", "p", "role"));
      for (FactorEffectRow row : outcome.effects()) {
        out.append(String.format(Locale.ROOT, "  %-32s %9.4f %9.4f %9.4f %9.4f %10.3g  %s%n", row.term(), nan(row.estimate()),
            nan(row.oddsRatio()), nan(row.orCiLow()), nan(row.orCiHigh()), nan(row.pValue()), row.role() == null ? "" : row.role()));
      }
    }
    return out.toString();
  }

  private static double nan(Double value) {
    return value == null ? Double.NaN : value;
  }
}
