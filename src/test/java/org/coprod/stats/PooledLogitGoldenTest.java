package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pooled logit against R's glm + sandwich on the design matrices R built
 * (src/test/resources/golden/glm_pooled/make_golden.R). Tolerances from the issue:
 * estimates 1e-6 absolute, standard errors 1e-5 relative; AMEs (R side by finite
 * differences, h = 1e-6) 1e-7 absolute and 1e-4 relative for their SEs.
 */
class PooledLogitGoldenTest {

  record Golden(LocalLogitData data, List<String> terms, AverageMarginalEffects.Plan plan, GoldenCsv expected, GoldenCsv fit) {}

  static Golden load(String name) {
    GoldenCsv design = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "design_" + name + ".csv"));
    List<String> terms = design.header().subList(4, design.header().size());
    int p = terms.size();
    List<LocalLogitData.Row> rows = new ArrayList<>();
    for (int i = 0; i < design.size(); i++) {
      double[] x = new double[p];
      for (int j = 0; j < p; j++) {
        x[j] = design.number(i, terms.get(j));
      }
      rows.add(new LocalLogitData.Row(x, design.number(i, "y"), design.number(i, "trials"), design.number(i, "weight"), design.text(i, "cluster")));
    }
    GoldenCsv expected = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "expected_" + name + ".csv"));
    AverageMarginalEffects.Kind[] kinds = new AverageMarginalEffects.Kind[p];
    int[][] siblings = new int[p][];
    List<Integer> discrete = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      kinds[j] = AverageMarginalEffects.Kind.valueOf(expected.text(j, "ame_kind"));
    }
    // Dummies of one factor are adjacent and share the variable prefix in these cases.
    for (int j = 0; j < p; j++) {
      if (kinds[j] == AverageMarginalEffects.Kind.DISCRETE) {
        String variable = variableOf(terms.get(j));
        discrete.clear();
        for (int k = 0; k < p; k++) {
          if (kinds[k] == AverageMarginalEffects.Kind.DISCRETE && variableOf(terms.get(k)).equals(variable)) {
            discrete.add(k);
          }
        }
        siblings[j] = discrete.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    GoldenCsv fit = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "fit_" + name + ".csv"));
    return new Golden(new LocalLogitData(rows, p), terms, new AverageMarginalEffects.Plan(kinds, siblings), expected, fit);
  }

  static String variableOf(String term) {
    for (String prefix : List.of("gender", "education", "urban")) {
      if (term.startsWith(prefix)) {
        return prefix;
      }
    }
    return term;
  }

  @ParameterizedTest
  @ValueSource(strings = {"weighted", "interactions", "counts"})
  void agreesWithRGlmAndSandwich(String name) {
    Golden golden = load(name);
    PooledLogitFit fit =
        PooledLogitFitter.fit(
            golden.data(), 0, PooledLogitFitter.Options.defaults(golden.terms().size()).withMarginalEffects(golden.plan()),
            golden.terms()::get);

    assertThat(fit.status()).isEqualTo(FitStatus.CONVERGED);
    double[] model = fit.standardErrors(CovarianceType.MODEL);
    double[] hc0 = fit.standardErrors(CovarianceType.HC0);
    double[] hc1 = fit.standardErrors(CovarianceType.HC1);
    double[] cluster = fit.standardErrors(CovarianceType.CLUSTER);
    GoldenCsv expected = golden.expected();
    for (int j = 0; j < golden.terms().size(); j++) {
      String term = golden.terms().get(j);
      assertThat(fit.coefficients()[j]).as(term).isCloseTo(expected.number(j, "estimate"), within(1e-6));
      assertRelative(term + " model SE", model[j], expected.number(j, "se_model"), 1e-5);
      assertRelative(term + " HC0 SE", hc0[j], expected.number(j, "se_hc0"), 1e-5);
      assertRelative(term + " HC1 SE", hc1[j], expected.number(j, "se_hc1"), 1e-5);
      assertRelative(term + " cluster SE", cluster[j], expected.number(j, "se_cluster"), 1e-5);
      double ame = expected.number(j, "ame");
      if (Double.isNaN(ame)) {
        assertThat(fit.averageMarginalEffects()[j]).as(term + " AME").isNaN();
      } else {
        assertThat(fit.averageMarginalEffects()[j]).as(term + " AME").isCloseTo(ame, within(1e-7));
        assertRelative(term + " AME SE", fit.averageMarginalEffectErrors()[j], expected.number(j, "ame_se"), 1e-4);
      }
    }
    GoldenCsv r = golden.fit();
    assertThat(fit.logLikelihood()).isCloseTo(r.number(0, "loglik"), within(1e-6));
    assertThat(fit.deviance()).isCloseTo(r.number(0, "deviance"), within(1e-6));
    assertThat(fit.nullDeviance()).isCloseTo(r.number(0, "null_deviance"), within(1e-6));
    assertThat(fit.aic()).isCloseTo(r.number(0, "aic"), within(1e-6));
    assertThat(fit.bic()).isCloseTo(r.number(0, "bic"), within(1e-6));
    assertThat(fit.observations()).isEqualTo((long) r.number(0, "nobs"));
  }

  static void assertRelative(String what, double actual, double expected, double tolerance) {
    assertThat(Math.abs(actual - expected) / Math.abs(expected)).as(what + ": " + actual + " vs R " + expected).isLessThan(tolerance);
  }
}
