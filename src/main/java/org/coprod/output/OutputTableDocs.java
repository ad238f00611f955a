package org.coprod.output;

import java.util.List;
import org.coprod.output.OutputContract.Column;
import org.coprod.output.OutputContract.Table;

/** The per-column descriptions of {@link OutputContract}, one method per table, in schema order. */
final class OutputTableDocs {

  private static final String RUN_ID = "run that wrote the row (`<yyyyMMddTHHmmssZ>-<8 hex>`), also the folder name under `runs/`";
  private static final String LOG_ODDS = "log-odds";

  private OutputTableDocs() {}

  private static Column c(String name, String meaning, String unit) {
    return new Column(name, meaning, unit);
  }

  private static Column c(String name, String meaning) {
    return new Column(name, meaning, "");
  }

  static Table factorEffects() {
    return new Table("factor_effects", "model × term",
        "The fixed effects of every model read as the review reads them: who (actor), what (category), and whether the"
            + " estimate says the factor enables or holds back co-production.",
        FactorEffectRow.SCHEMA,
        List.of(
            c("run_id", RUN_ID),
            c("model_id", "model id from the job spec (or `--id`)"),
            c("outcome", "response variable, e.g. `coprod_ict`, `coprod_traditional`"),
            c("term", "model-matrix column in R naming: `(Intercept)`, `genderfemale`, `I(age^2)`, `a:b`"),
            c("variable", "formula variable the term measures (null for the intercept); the whole term for interactions"),
            c("level", "factor level of a treatment-coded term (null for numeric terms)"),
            c("feature_level", "citizen, neighbourhood, municipality or cross-level (null when the feature catalog does not know the variable)"),
            c("actor", "citizen or government: whose factor it is in the review's taxonomy (null when unknown)"),
            c("category", "the review's category, e.g. `trust in government`, `worries about technology`"),
            c("expected_role", "barrier or enabler: what the review leads one to expect"),
            c("estimate", "coefficient", LOG_ODDS),
            c("std_error", "standard error of the estimate, of the kind in `se_type`", LOG_ODDS),
            c("se_type", "model, hc0, hc1, cluster (pooled); hessian or cluster (random-intercept models: inverse Hessian, or the sandwich over groups)"),
            c("z_value", "Wald z = estimate / std_error"),
            c("p_value", "two-sided Wald p-value", "probability"),
            c("p_adjusted_holm", "Holm-adjusted p-value over the model's non-intercept terms", "probability"),
            c("ci_low", "lower bound of the 95% Wald interval", LOG_ODDS),
            c("ci_high", "upper bound of the 95% Wald interval", LOG_ODDS),
            c("odds_ratio", "exp(estimate)", "odds ratio"),
            c("or_ci_low", "exp(ci_low)", "odds ratio"),
            c("or_ci_high", "exp(ci_high)", "odds ratio"),
            c("ame", "average marginal effect on the probability of co-producing (pooled models; null otherwise)", "probability"),
            c("ame_se", "delta-method standard error of `ame`", "probability"),
            c("se_model", "model-based (inverse information) standard error", LOG_ODDS),
            c("se_robust_hc1", "heteroskedasticity-robust HC1 sandwich standard error (pooled models)", LOG_ODDS),
            c("se_cluster", "cluster-robust standard error: pooled models with a cluster column; random-intercept models always, the sandwich"
                + " over their groups (pseudo-likelihood SE when the weights are sampling weights)", LOG_ODDS),
            c("aliased", "true when the column was collinear or constant and dropped (R's NA coefficient)"),
            c("role", "enabler (95% CI above 0), barrier (below 0) or no evidence; null for the intercept and aliased terms")));
  }

  static Table modelFit() {
    return new Table("model_fit", "model",
        "How each model was fitted and how well, including models that failed (status and message say why; the numbers are null).",
        ModelFitRow.SCHEMA,
        List.of(
            c("run_id", RUN_ID),
            c("model_id", "model id from the job spec (or `--id`)"),
            c("outcome", "response variable"),
            c("formula", "the model formula in lme4 syntax, as given"),
            c("method", "glm (pooled logit), laplace (nAGQ = 1) or agq (adaptive Gauss-Hermite)"),
            c("nagq", "quadrature nodes per group (1 for glm and laplace)", "nodes"),
            c("rows_read", "input rows seen", "rows"),
            c("rows_dropped", "rows not used: a missing value in a used variable or an invalid response", "rows"),
            c("n_obs", "rows used in the fit", "rows"),
            c("n_groups", "groups of the random intercept; for pooled models the clusters of cluster-robust SEs (null without)", "groups"),
            c("n_singleton_groups", "groups of the random intercept with a single row (null for pooled models)", "groups"),
            c("weights", "prior/frequency weight column, if any"),
            c("cluster", "cluster column for cluster-robust SEs, if any (for a multilevel model its grouping factor)"),
            c("se_type", "kind of the reported standard errors (see factor_effects.se_type)"),
            c("loglik", "maximised log-likelihood (Laplace/AGQ approximation for multilevel models)", "log-likelihood"),
            c("deviance", "model deviance, as R's `deviance()` of the fit"),
            c("null_deviance", "deviance of the intercept-only pooled model"),
            c("aic", "Akaike information criterion, -2 loglik + 2k"),
            c("bic", "Bayesian information criterion, -2 loglik + k log(n_obs)"),
            c("iterations", "outer iterations of the optimiser", "iterations"),
            c("converged", "true when the estimates are an optimum that may be reported"),
            c("status", "converged, converged_with_aliased_terms, separation, singular_fit, max_iterations, line_search_failed, non_finite, no_data or failed"),
            c("message", "particulars of the status, in words"),
            c("gradient_norm", "max-norm of the log-likelihood's gradient in (β, log σ) at the reported estimates, in β only for a singular fit"
                + " (multilevel models; null for pooled models)"),
            c("singular_fit", "true when σ is estimated at 0 (lme4's boundary (singular) fit); null for pooled models and multilevel models not fitted"),
            c("separated_terms", "terms whose coefficients diverge under complete or quasi-complete separation (status separation), joined by `; `;"
                + " for a multilevel model judged on the pooled fit of its fixed part; null when there is none"),
            c("auc", "area under the ROC curve of the fitted probabilities (pooled models)", "0-1"),
            c("sigma", "SD of the random intercept", LOG_ODDS),
            c("sigma_se", "standard error of sigma, of the kind in se_type", LOG_ODDS),
            c("icc", "intraclass correlation σ² / (σ² + π²/3) on the latent scale", "0-1"),
            c("median_odds_ratio", "median odds ratio exp(√2 σ Φ⁻¹(0.75)) between two random groups", "odds ratio"),
            c("lr_statistic", "likelihood-ratio statistic of the random intercept vs the pooled model"),
            c("lr_p_value", "p-value of the LR test, boundary-corrected (½χ²₀ + ½χ²₁)", "probability"),
            c("fit_seconds", "time spent in the optimiser", "seconds"),
            c("wall_seconds", "time for the whole model including reading and the design matrix", "seconds")));
  }

  static Table varianceComponents() {
    return new Table("variance_components", "multilevel model × grouping × random term",
        "The random-effect variances of multilevel models, as lme4's `VarCorr`.",
        VarianceComponentRow.SCHEMA,
        List.of(
            c("run_id", RUN_ID),
            c("model_id", "model id"),
            c("grouping", "grouping factor, e.g. `neighbourhood_id`"),
            c("term", "random term, `(Intercept)` for a random intercept"),
            c("variance", "variance σ² of the random effect", "log-odds²"),
            c("sd", "standard deviation σ", LOG_ODDS),
            c("sd_std_error", "standard error of σ, of the kind in model_fit.se_type", LOG_ODDS),
            c("n_groups", "groups in the fit", "groups")));
  }

  static Table groupEffects() {
    return new Table("group_effects", "multilevel model × group",
        "Conditional modes of the random intercepts (e.g. neighbourhood effects). Groups smaller than the disclosure threshold"
            + " keep their id with n, mode and SD null and `suppressed` true.",
        GroupEffectsTable.SCHEMA,
        List.of(
            c("run_id", RUN_ID),
            c("model_id", "model id"),
            c("grouping", "grouping factor, e.g. `neighbourhood_id`"),
            c("group_id", "the group's identifier as text"),
            c("n", "rows of the group used in the fit (null when suppressed)", "rows"),
            c("conditional_mode", "conditional mode of the group's random intercept", LOG_ODDS),
            c("conditional_sd", "conditional standard deviation of the random intercept", LOG_ODDS),
            c("suppressed", "true when the group is below the disclosure threshold and its numbers are withheld")));
  }

  static Table divide() {
    return new Table("divide", "factor (term) of a pair of ICT and traditional models with the same covariates",
        "The \"double digital divide\": a factor's effect on ICT-enabled vs traditional co-production. The SE of the"
            + " difference treats the two fits as independent.",
        DivideRow.SCHEMA,
        List.of(
            c("run_id", RUN_ID),
            c("term", "model-matrix column in R naming"),
            c("variable", "formula variable of the term"),
            c("actor", "citizen or government"),
            c("category", "the review's category"),
            c("ict_model_id", "model of `coprod_ict`"),
            c("traditional_model_id", "model of `coprod_traditional`"),
            c("ict_estimate", "coefficient in the ICT model", LOG_ODDS),
            c("ict_std_error", "its standard error", LOG_ODDS),
            c("traditional_estimate", "coefficient in the traditional model", LOG_ODDS),
            c("traditional_std_error", "its standard error", LOG_ODDS),
            c("difference", "ict_estimate - traditional_estimate", LOG_ODDS),
            c("difference_std_error", "√(ict_std_error² + traditional_std_error²)", LOG_ODDS),
            c("difference_z", "difference / difference_std_error"),
            c("difference_p_value", "two-sided p-value of the difference", "probability"),
            c("wider_for_ict", "true when the effect has the same sign in both, is larger for ICT and the difference is significant at 5%")));
  }

  static Table quality() {
    return new Table("quality", "source (or declared table) × validation rule, plus one `TOTAL` row per source",
        "What ingest did with every input row. For each source read = accepted + quarantined + dropped, checked at the end"
            + " of every run (the run fails loudly otherwise).",
        IngestTableSchemas.QUALITY,
        List.of(
            c("run_id", RUN_ID),
            c("source", "input source (survey, usage, links, neighbourhoods, municipalities) or a table declared under `tables:`"),
            c("rule_id", "validation rule: BAD_ENCODING, MALFORMED_RECORD, REQUIRED_MISSING, PARSE_TYPE, OUT_OF_RANGE,"
                + " NOT_ALLOWED_VALUE, OUTSIDE_STUDY_WINDOW, ORPHAN_REFERENCE, DUPLICATE_CONFLICT, LINK_NOT_ONE_TO_ONE"
                + " (quarantine), EXACT_DUPLICATE (dropped), PERSONAL_DATA_REMOVED (cleaned), or TOTAL"),
            c("rows_read", "data rows read from the source's files (same on every row of the source)", "rows"),
            c("rows_accepted", "rows that passed every rule and are in the clean table (same on every row of the source)", "rows"),
            c("rows_quarantined", "rows that failed this rule (a row failing several rules counts under each; on TOTAL: rows"
                + " quarantined)", "rows"),
            c("rows_dropped", "exact duplicates dropped (EXACT_DUPLICATE and TOTAL rows)", "rows"),
            c("rows_cleaned", "rows whose personal fields were removed (PERSONAL_DATA_REMOVED and TOTAL rows)", "rows")));
  }

  static Table quarantine() {
    return new Table("quarantine", "rejected input row",
        "Every row that ingest did not accept, as read, with every rule it failed. Identifiers in the raw record are"
            + " already pseudonymised and personal fields removed.",
        IngestTableSchemas.QUARANTINE,
        List.of(
            c("run_id", RUN_ID),
            c("source", "input source or declared table"),
            c("file", "file the row came from (URI)"),
            c("line", "line number in the file, header = 1 (null for later splits of a large uncompressed file)", "line"),
            c("offset", "byte offset of the line in the file (null for compressed files)", "bytes"),
            c("raw_record", "the record as read (pseudonymised, personal fields removed)"),
            c("rule_ids", "every rule the row failed, in rule order (see `quality.rule_id`)"),
            c("reasons", "one human-readable reason per rule id, naming the column and the value")));
  }
}
