package org.coprod.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coprod.report.RunContents.Divide;
import org.coprod.report.RunContents.Effect;
import org.coprod.report.RunContents.Fit;
import org.coprod.report.RunContents.GroupCounts;
import org.coprod.report.RunContents.GroupEffect;

/** The model sections: forest plots, model comparison, digital divide and group effects. */
final class ModelSections {

  private ModelSections() {}

  static void forest(StringBuilder out, RunContents run) {
    out.append("<section id=\"forest\"><h2>Odds ratios by model</h2>\n");
    if (!run.has("factor_effects")) {
      out.append("<p class=\"note\">No <code>factor_effects</code> table in this run.</p></section>\n");
      return;
    }
    Map<String, List<Effect>> byModel = new LinkedHashMap<>();
    run.effects().forEach(e -> byModel.computeIfAbsent(e.modelId(), k -> new ArrayList<>()).add(e));
    if (byModel.isEmpty()) {
      out.append("<p class=\"note\">The <code>factor_effects</code> table is empty.</p>\n");
    }
    for (Map.Entry<String, List<Effect>> model : byModel.entrySet()) {
      List<Effect> effects = model.getValue();
      out.append("<figure class=\"forest\" data-model=\"").append(Html.escape(model.getKey())).append("\"><figcaption>Model <b>")
          .append(Html.escape(model.getKey())).append("</b> → ").append(Html.escape(effects.get(0).outcome())).append("</figcaption>\n");
      out.append(ForestPlot.svg(model.getKey(), effects));
      long notPlotted = effects.stream().filter(e -> !e.isIntercept() && !e.plottable()).count();
      if (notPlotted > 0) {
        out.append("<p class=\"note\">").append(notPlotted).append(" term(s) without a finite interval (aliased or failed) not plotted: ")
            .append(Html.escape(String.join(", ", effects.stream().filter(e -> !e.isIntercept() && !e.plottable()).map(Effect::term).toList())))
            .append("</p>\n");
      }
      out.append("</figure>\n");
    }
    out.append("<p class=\"legend\"><span class=\"key barrier\">●</span> barrier <span class=\"key enabler\">●</span> enabler"
        + " <span class=\"key neutral\">●</span> no evidence</p>\n</section>\n");
  }

  static void comparison(StringBuilder out, RunContents run) {
    out.append("<section id=\"models\"><h2>Model comparison</h2>\n");
    if (!run.has("model_fit")) {
      out.append("<p class=\"note\">No <code>model_fit</code> table in this run.</p></section>\n");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Fit f : run.fits()) {
      String method = Html.escape(f.method()) + ("agq".equals(f.method()) && f.nagq() != null ? " (" + f.nagq() + ")" : "");
      String status = "<span class=\"" + (f.converged() ? "ok" : "flag") + "\" title=\"" + Html.escape(f.message()) + "\">"
          + Html.escape(f.status()) + "</span>";
      String lr = f.lrStatistic() == null ? "–" : Html.number(f.lrStatistic(), 4) + " (p " + Html.pValue(f.lrPValue()) + ")";
      rows.add(List.of(Html.escape(f.modelId()), Html.escape(f.outcome()), method, Html.number(f.nObs()), Html.number(f.nGroups()),
          Html.number(f.logLik(), 6), Html.number(f.aic(), 6), Html.number(f.bic(), 6), Html.number(f.auc(), 3),
          Html.number(f.icc(), 3), Html.number(f.medianOddsRatio(), 3), lr, status, Html.number(f.fitSeconds(), 3)));
    }
    Html.table(out, "models", List.of("model", "outcome", "method", "n", "groups", "log-lik", "AIC", "BIC", "AUC", "ICC",
        "median OR", "LR vs pooled (χ², p)", "status", "fit s"), rows);
    out.append("<p class=\"note\">ICC = σ² / (σ² + π²/3); median odds ratio = exp(√2 σ Φ⁻¹(0.75)); the LR test of the random"
        + " intercept is boundary-corrected (½χ²₀ + ½χ²₁). Hover a status for the fit's message.</p>\n");
    if (!run.varianceComponents().isEmpty()) {
      List<List<String>> variances = new ArrayList<>();
      run.varianceComponents().forEach(v -> variances.add(List.of(Html.escape(v.modelId()), Html.escape(v.grouping()), Html.escape(v.term()),
          Html.number(v.variance(), 4), Html.number(v.sd(), 4), Html.number(v.sdStdError(), 3), Html.number(v.nGroups()))));
      out.append("<h3>Variance components</h3>\n");
      Html.table(out, "variances", List.of("model", "grouping", "term", "variance", "SD", "SE of SD", "groups"), variances);
    }
    List<String> formulas = run.fits().stream().map(f -> "<li><b>" + Html.escape(f.modelId()) + "</b>: <code>" + Html.escape(f.formula()) + "</code></li>").toList();
    out.append("<h3>Formulas</h3><ul class=\"formulas\">").append(String.join("", formulas)).append("</ul>\n</section>\n");
  }

  static void divide(StringBuilder out, RunContents run) {
    out.append("<section id=\"divide\"><h2>Digital divide: ICT vs traditional co-production</h2>\n");
    if (!run.has("divide")) {
      out.append("<p class=\"note\">No <code>divide</code> table in this run (it needs a <code>coprod_ict</code> and a"
          + " <code>coprod_traditional</code> model with the same covariates).</p></section>\n");
      return;
    }
    Map<String, List<Divide>> pairs = new LinkedHashMap<>();
    run.divide().forEach(d -> pairs.computeIfAbsent(d.ictModelId() + "\u0000" + d.traditionalModelId(), k -> new ArrayList<>()).add(d));
    if (pairs.isEmpty()) {
      out.append("<p class=\"note\">The <code>divide</code> table is empty.</p>\n");
    }
    for (List<Divide> pair : pairs.values()) {
      Divide first = pair.get(0);
      out.append("<figure class=\"divide\"><figcaption>").append(Html.escape(first.ictModelId())).append(" vs ")
          .append(Html.escape(first.traditionalModelId())).append("</figcaption>\n");
      out.append(DividePlot.svg(first.ictModelId(), first.traditionalModelId(), pair));
      out.append("</figure>\n");
    }
    out.append("<p class=\"note\">Difference = ICT − traditional effect in log-odds, its SE treating the fits as independent."
        + " ◆ marks a gap significantly wider for ICT (same direction, larger, p &lt; 0.05): a \"double digital divide\".</p>\n</section>\n");
  }

  static void groups(StringBuilder out, RunContents run, int maxGroups) {
    out.append("<section id=\"groups\"><h2>Neighbourhood and group effects</h2>\n");
    if (!run.has("group_effects")) {
      out.append("<p class=\"note\">No <code>group_effects</code> table in this run.</p></section>\n");
      return;
    }
    if (run.groupCounts().isEmpty()) {
      out.append("<p class=\"note\">No group effects (no multilevel model in this run).</p>\n");
    }
    for (GroupCounts counts : run.groupCounts()) {
      List<GroupEffect> groups = run.groups().stream()
          .filter(g -> g.modelId().equals(counts.modelId()) && g.grouping().equals(counts.grouping())).toList();
      out.append("<figure class=\"caterpillar\" data-model=\"").append(Html.escape(counts.modelId())).append("\"><figcaption>Model <b>")
          .append(Html.escape(counts.modelId())).append("</b>, ").append(Html.escape(counts.grouping())).append(": conditional modes ± 1.96 SD")
          .append("</figcaption>\n");
      out.append(CaterpillarPlot.svg(counts.modelId(), counts.grouping(), groups));
      out.append("<p class=\"note\">").append(counts.total()).append(" groups; ").append(counts.suppressed())
          .append(" suppressed by disclosure control and left out; ");
      if (counts.shown() < counts.withMode()) {
        out.append("showing ").append(counts.shown()).append(" of ").append(counts.withMode()).append(": the ").append(Math.max(1, maxGroups / 4))
            .append(" lowest, the ").append(Math.max(1, maxGroups / 4)).append(" highest and a pseudo-random sample (by hash of the group id).");
      } else {
        out.append("all ").append(counts.shown()).append(" with a conditional mode shown.");
      }
      out.append("</p>\n");
      extremes(out, CaterpillarPlot.sorted(groups));
      out.append("</figure>\n");
    }
    out.append("</section>\n");
  }

  private static void extremes(StringBuilder out, List<GroupEffect> sorted) {
    int k = Math.min(5, sorted.size() / 2);
    if (k == 0) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      GroupEffect low = sorted.get(i);
      GroupEffect high = sorted.get(sorted.size() - 1 - i);
      rows.add(List.of(Html.escape(low.groupId()), Html.number(low.mode(), 3), Html.escape(high.groupId()), Html.number(high.mode(), 3)));
    }
    Html.table(out, "extremes", List.of("lowest group", "mode", "highest group", "mode"), rows);
  }
}
