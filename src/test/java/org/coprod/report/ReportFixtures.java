package org.coprod.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.coprod.output.DivideRow;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.GroupEffectsTable;
import org.coprod.output.ModelFitRow;
import org.coprod.output.RunFolder;
import org.coprod.output.TableWriter;
import org.coprod.output.VarianceComponentRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A hand-made run with every table: an ICT and a traditional pooled model with government and
 * citizen factors in all four quadrants, a multilevel model with group effects (some
 * suppressed, one named {@code <script>alert(1)</script>}), the divide, quality and a
 * manifest. Hostile strings appear wherever data strings are shown.
 */
final class ReportFixtures {

  static final String HOSTILE_GROUP = "<script>alert(1)</script>";
  static final String HOSTILE_CATEGORY = "trust & \"quotes\" 'single' <b>bold</b>";
  static final String RUN_ID = "20260101T000000Z-fixture0";
  static final int GROUPS = 40;
  static final int SUPPRESSED = 3;

  private ReportFixtures() {}

  /** Writes the run under {@code outputFolder} and returns the output folder (with {@code latest}). */
  static String writeRun(SparkSession spark, Path outputFolder) {
    RunFolder run = RunFolder.open(outputFolder.toString(), RUN_ID, spark.sparkContext().hadoopConfiguration());
    List<Row> effects = new ArrayList<>();
    String[][] terms = {
      // term, actor, category, expected role, ICT estimate, traditional estimate
      {"mun_digital_budget", "government", "shortage of finance", "enabler", "0.40", "0.05"},
      {"mun_staff_resistance", "government", "resistance of professional staff", "barrier", "-0.50", "-0.10"},
      {"age10", "citizen", "demographics: age", "barrier", "-0.30", "0.10"},
      {"digital_training", "citizen", "tailored digital training", "enabler", "0.60", "0.02"},
      {"trust_local", "citizen", HOSTILE_CATEGORY, "enabler", "0.01", "0.20"},
      {"x_unknown", null, null, null, "0.25", "0.22"},
    };
    for (String outcome : List.of("coprod_ict", "coprod_traditional")) {
      String model = outcome.equals("coprod_ict") ? "ict" : "traditional";
      effects.add(effect(model, outcome, "(Intercept)", null, null, null, -1.0, 0.1));
      for (String[] t : terms) {
        double estimate = Double.parseDouble(outcome.equals("coprod_ict") ? t[4] : t[5]);
        effects.add(effect(model, outcome, t[0], t[1], t[2], t[3], estimate, 0.08));
      }
    }
    effects.add(effect("multilevel", "coprod_ict", "(Intercept)", null, null, null, -1.0, 0.2));
    effects.add(effect("multilevel", "coprod_ict", "age10", "citizen", "demographics: age", "barrier", -0.28, 0.09));
    effects.add(effect("multilevel", "coprod_ict", "aliased_term", null, null, null, Double.NaN, Double.NaN));
    TableWriter.writeSmall(spark, run, "factor_effects", FactorEffectRow.SCHEMA, effects);

    List<Row> fits = List.of(
        fit("ict", "coprod_ict", "glm", null, null, null, null),
        fit("traditional", "coprod_traditional", "glm", null, null, null, null),
        fit("multilevel", "coprod_ict", "laplace", (long) GROUPS, 0.45, 0.058, 7.3));
    TableWriter.writeSmall(spark, run, "model_fit", ModelFitRow.SCHEMA, fits);
    TableWriter.writeSmall(spark, run, "variance_components", VarianceComponentRow.SCHEMA,
        List.of(new VarianceComponentRow(RUN_ID, "multilevel", "neighbourhood_id", "(Intercept)", 0.2025, 0.45, 0.05, (long) GROUPS).toRow()));

    List<Row> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      boolean suppressed = g < SUPPRESSED;
      String id = g == GROUPS - 1 ? HOSTILE_GROUP : g == GROUPS - 2 ? "Nbh \"A\" & 'B'" : "n" + g;
      double mode = (g - GROUPS / 2.0) / 20.0 + (g % 3) * 0.05;
      groups.add(RowFactory.create(RUN_ID, "multilevel", "neighbourhood_id", id, suppressed ? null : 30 + g,
          suppressed ? null : mode, suppressed ? null : 0.15, suppressed));
    }
    TableWriter.write(run, "group_effects", spark.createDataFrame(groups, GroupEffectsTable.SCHEMA).coalesce(1));

    List<Row> divide = new ArrayList<>();
    for (String[] t : terms) {
      double a = Double.parseDouble(t[4]);
      double b = Double.parseDouble(t[5]);
      double se = Math.sqrt(2) * 0.08;
      double z = (a - b) / se;
      double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(Math.abs(z)));
      boolean wider = Math.signum(a) == Math.signum(b) && Math.abs(a) > Math.abs(b) && p < 0.05;
      divide.add(new DivideRow(RUN_ID, t[0], t[0], t[1], t[2], "ict", "traditional", a, 0.08, b, 0.08, a - b, se, z, p, wider).toRow());
    }
    TableWriter.writeSmall(spark, run, "divide", DivideRow.SCHEMA, divide);

    StructType quality = new StructType().add("run_id", DataTypes.StringType).add("source", DataTypes.StringType)
        .add("rule_id", DataTypes.StringType).add("rows_read", DataTypes.LongType).add("rows_accepted", DataTypes.LongType)
        .add("rows_quarantined", DataTypes.LongType);
    TableWriter.writeSmall(spark, run, "quality", quality, List.of(
        RowFactory.create(RUN_ID, "survey", "age_in_range", 1000L, 990L, 10L),
        RowFactory.create(RUN_ID, "usage", "<rule & \"x\">", 5000L, 5000L, 0L)));
    run.writeText("manifest.json", """
        {"run_id": "%s", "command": "fit --formula 'y ~ x' <script>", "inputs": {"survey": {"path": "data/survey.csv", "rows": 1000}},
         "timings": [{"stage": "fit", "seconds": 1.5}], "tags": ["a", "b"]}
        """.formatted(RUN_ID));
    run.commit();
    return outputFolder.toString();
  }

  private static Row effect(String model, String outcome, String term, String actor, String category, String expected, double estimate, double se) {
    boolean finite = Double.isFinite(estimate);
    double low = estimate - 1.96 * se;
    double high = estimate + 1.96 * se;
    String role = term.equals("(Intercept)") || !finite ? null : low > 0 ? "enabler" : high < 0 ? "barrier" : "no evidence";
    double z = estimate / se;
    double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(Math.abs(z)));
    return new FactorEffectRow(RUN_ID, model, outcome, term, term.equals("(Intercept)") ? null : term, null,
        actor == null ? null : actor.equals("government") ? "municipality" : "citizen", actor, category, expected,
        n(estimate), n(se), "model", n(z), n(p), n(p), n(low), n(high), n(Math.exp(estimate)), n(Math.exp(low)), n(Math.exp(high)),
        null, null, n(se), null, null, !finite, role).toRow();
  }

  private static Double n(double x) {
    return FactorEffectRow.finiteOrNull(x);
  }

  private static Row fit(String model, String outcome, String method, Long groups, Double sigma, Double icc, Double lr) {
    boolean multilevel = groups != null;
    return new ModelFitRow(RUN_ID, model, outcome, outcome + " ~ age10 + digital_training" + (multilevel ? " + (1 | neighbourhood_id)" : ""),
        method, 1, 1000L, 0L, 1000L, groups, multilevel ? 0L : null, null, null, multilevel ? "hessian" : "model", -600.5, 1201.0, 1300.0, 1215.0, 1250.3, 6,
        true, "converged", "ok", 1e-6, multilevel ? false : null, null, multilevel ? null : 0.71, sigma, multilevel ? 0.05 : null, icc,
        multilevel ? Math.exp(Math.sqrt(2) * sigma * 0.6745) : null, lr, multilevel ? 0.003 : null, 0.8, 1.2).toRow();
  }
}
