package org.coprod.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the report shows, brought to the driver: the small tables in full, the group
 * effects as a bounded selection with counts. A table that the run does not have is absent
 * from {@link #tablesPresent()} and its list is empty.
 */
record RunContents(
    String runId,
    String runFolder,
    Map<String, Boolean> tablesPresent,
    List<Map.Entry<String, String>> manifest,
    String manifestProblem,
    List<Effect> effects,
    List<Fit> fits,
    List<VarianceComponent> varianceComponents,
    List<GroupEffect> groups,
    List<GroupCounts> groupCounts,
    List<Divide> divide,
    GenericTable quality) {

  RunContents {
    Objects.requireNonNull(runId, "runId is null");
    tablesPresent = Map.copyOf(tablesPresent);
    manifest = List.copyOf(manifest);
    effects = List.copyOf(effects);
    fits = List.copyOf(fits);
    varianceComponents = List.copyOf(varianceComponents);
    groups = List.copyOf(groups);
    groupCounts = List.copyOf(groupCounts);
    divide = List.copyOf(divide);
  }

  boolean has(String table) {
    return tablesPresent.getOrDefault(table, false);
  }

  /** A factor_effects row as the report needs it. */
  record Effect(
      String modelId, String outcome, String term, String variable, String actor, String category, String expectedRole,
      Double estimate, Double stdError, Double pValue, Double oddsRatio, Double orCiLow, Double orCiHigh, String role, boolean aliased) {

    boolean isIntercept() {
      return "(Intercept)".equals(term);
    }

    /** Plottable on a log-odds axis: a finite estimate and a finite interval. */
    boolean plottable() {
      return !isIntercept() && finitePositive(oddsRatio) && finitePositive(orCiLow) && finitePositive(orCiHigh);
    }

    private static boolean finitePositive(Double x) {
      return x != null && Double.isFinite(x) && x > 0;
    }
  }

  /** A model_fit row. */
  record Fit(
      String modelId, String outcome, String formula, String method, Integer nagq, Long nObs, Long nGroups, Double logLik,
      Double aic, Double bic, boolean converged, String status, String message, Double auc, Double sigma, Double icc,
      Double medianOddsRatio, Double lrStatistic, Double lrPValue, Double fitSeconds) {}

  /** A variance_components row. */
  record VarianceComponent(String modelId, String grouping, String term, Double variance, Double sd, Double sdStdError, Long nGroups) {}

  /** An unsuppressed group_effects row chosen for the caterpillar plot. */
  record GroupEffect(String modelId, String grouping, String groupId, Integer n, double mode, Double sd) {}

  /** Per model and grouping: all groups, suppressed ones, those with a mode, and those selected for the plot. */
  record GroupCounts(String modelId, String grouping, long total, long suppressed, long withMode, long shown) {}

  /** A divide row. */
  record Divide(
      String term, String variable, String actor, String category, String ictModelId, String traditionalModelId,
      Double ictEstimate, Double ictStdError, Double traditionalEstimate, Double traditionalStdError, Double difference,
      Double differenceStdError, Double differencePValue, boolean widerForIct) {}

  /** A table of unknown schema (quality), as text cells, with the count of rows left out. */
  record GenericTable(List<String> columns, List<List<String>> rows, long omitted) {
    GenericTable {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }

    static GenericTable empty() {
      return new GenericTable(List.of(), List.of(), 0);
    }
  }
}
