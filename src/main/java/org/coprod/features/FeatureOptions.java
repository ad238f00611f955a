package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Options of the feature stage, from the job spec's {@code features:} section.
 *
 * <pre>
 * features:
 *   window_days: 365                 # usage window before the interview day, 1..3660
 *   centring: {age10: grand, trust_local: {group: neighbourhood_id}}
 *   missing_indicators: [income_band]
 * </pre>
 *
 * @param windowDays length of the usage window in days: events on the days
 *     {@code interview_date - windowDays ... interview_date - 1} count (the interview day itself never does)
 * @param centring centring per feature; features not named are not centred
 * @param missingIndicators citizen features coded with a {@code <feature>_missing} indicator, the
 *     missing value replaced by the reference level (factors) or 0 (numbers)
 */
public record FeatureOptions(int windowDays, Map<String, Centring> centring, List<String> missingIndicators) {

  public static final int DEFAULT_WINDOW_DAYS = 365;
  public static final int MAX_WINDOW_DAYS = 3660;

  /** Grouping columns that group-mean centring accepts. */
  public static final List<String> GROUP_COLUMNS = List.of("neighbourhood_id", "municipality_id");

  public FeatureOptions {
    if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
      throw new IllegalArgumentException("invalid window_days: " + windowDays + " (must be 1.." + MAX_WINDOW_DAYS + ")");
    }
    centring = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(centring, "centring is null")));
    missingIndicators = List.copyOf(new LinkedHashSet<>(requireNonNull(missingIndicators, "missingIndicators is null")));
    centring.forEach(FeatureOptions::checkCentring);
    for (String feature : missingIndicators) {
      if (!FeatureCatalog.missingIndicatorCandidates().contains(feature)) {
        throw new IllegalArgumentException("missing indicator for " + feature + ": not a survey feature (allowed: "
            + String.join(", ", FeatureCatalog.missingIndicatorCandidates()) + ")");
      }
    }
  }

  private static void checkCentring(String feature, Centring how) {
    requireNonNull(how, "centring of " + feature + " is null");
    if (!FeatureCatalog.centrableFeatures().contains(feature)) {
      throw new IllegalArgumentException("cannot centre " + feature + ": not a numeric citizen-row feature (allowed: "
          + String.join(", ", FeatureCatalog.centrableFeatures()) + ")");
    }
    if (how.kind() == Centring.Kind.GROUP && !GROUP_COLUMNS.contains(how.group())) {
      throw new IllegalArgumentException("cannot centre " + feature + " within " + how.group() + " (allowed groups: "
          + String.join(", ", GROUP_COLUMNS) + ")");
    }
  }

  /** 365-day window, no centring, no missing indicators. */
  public static FeatureOptions defaults() {
    return new FeatureOptions(DEFAULT_WINDOW_DAYS, Map.of(), List.of());
  }

  public FeatureOptions withWindowDays(int days) {
    return new FeatureOptions(days, centring, missingIndicators);
  }

  public FeatureOptions withCentring(String feature, Centring how) {
    Map<String, Centring> all = new LinkedHashMap<>(centring);
    all.put(feature, how);
    return new FeatureOptions(windowDays, all, missingIndicators);
  }

  public FeatureOptions withMissingIndicator(String feature) {
    List<String> all = new java.util.ArrayList<>(missingIndicators);
    all.add(feature);
    return new FeatureOptions(windowDays, centring, all);
  }

  /** The centring of a feature ({@link Centring#NONE} when not declared). */
  public Centring centringOf(String feature) {
    return centring.getOrDefault(feature, Centring.NONE);
  }
}
