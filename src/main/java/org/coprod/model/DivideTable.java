package org.coprod.model;

import static org.coprod.output.FactorEffectRow.finiteOrNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coprod.output.DivideRow;
import org.coprod.output.FactorEffectRow;
import org.coprod.stats.WaldInference;

/**
 * The "double digital divide": pairs every model of {@code coprod_ict} with a model of
 * {@code coprod_traditional} that has the same terms and method, and compares each factor's
 * effect on the two. The SE of the difference treats the two fits as independent
 * (√(se₁² + se₂²)); both are fitted on largely the same respondents, so where the two
 * estimates are positively correlated this SE is conservative. A factor's divide is "wider
 * for ICT" when its ICT effect has the same sign as the traditional one (or the traditional
 * one is zero), is larger in size, and the difference is significant at 5%.
 */
public final class DivideTable {

  public static final String ICT_OUTCOME = "coprod_ict";
  public static final String TRADITIONAL_OUTCOME = "coprod_traditional";

  private DivideTable() {}

  public static List<DivideRow> compute(String runId, List<ModelOutcome> outcomes) {
    List<DivideRow> rows = new ArrayList<>();
    for (ModelOutcome ict : outcomes) {
      if (!ICT_OUTCOME.equals(ict.fit().outcome()) || ict.effects().isEmpty()) {
        continue;
      }
      for (ModelOutcome traditional : outcomes) {
        if (TRADITIONAL_OUTCOME.equals(traditional.fit().outcome()) && sameCovariates(ict, traditional)) {
          rows.addAll(compare(runId, ict, traditional));
          break;
        }
      }
    }
    return rows;
  }

  private static boolean sameCovariates(ModelOutcome a, ModelOutcome b) {
    return a.fit().method().equals(b.fit().method()) && terms(a).keySet().equals(terms(b).keySet());
  }

  private static Map<String, FactorEffectRow> terms(ModelOutcome outcome) {
    Map<String, FactorEffectRow> terms = new LinkedHashMap<>();
    outcome.effects().forEach(row -> terms.put(row.term(), row));
    return terms;
  }

  private static List<DivideRow> compare(String runId, ModelOutcome ict, ModelOutcome traditional) {
    Map<String, FactorEffectRow> other = terms(traditional);
    List<DivideRow> rows = new ArrayList<>();
    for (FactorEffectRow a : ict.effects()) {
      FactorEffectRow b = other.get(a.term());
      if (a.term().equals("(Intercept)") || a.estimate() == null || b.estimate() == null || a.stdError() == null || b.stdError() == null) {
        continue;
      }
      double difference = a.estimate() - b.estimate();
      double se = Math.sqrt(a.stdError() * a.stdError() + b.stdError() * b.stdError());
      WaldInference test = WaldInference.of(difference, se);
      boolean sameDirection = Math.signum(a.estimate()) == Math.signum(b.estimate()) || b.estimate() == 0;
      boolean wider = sameDirection && Math.abs(a.estimate()) > Math.abs(b.estimate()) && test.pValue() < 0.05;
      rows.add(new DivideRow(runId, a.term(), a.variable(), a.actor(), a.category(), ict.fit().modelId(), traditional.fit().modelId(),
          a.estimate(), a.stdError(), b.estimate(), b.stdError(), finiteOrNull(difference), finiteOrNull(se), finiteOrNull(test.z()),
          finiteOrNull(test.pValue()), wider));
    }
    return rows;
  }
}
