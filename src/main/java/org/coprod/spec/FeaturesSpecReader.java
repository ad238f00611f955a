package org.coprod.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coprod.features.Centring;
import org.coprod.features.FeatureCatalog;
import org.coprod.features.FeatureOptions;

/**
 * Reads the {@code features:} section of a job spec into {@link FeatureOptions}. Every feature
 * named must be one the feature stage builds (the {@link FeatureCatalog}), so a typo fails
 * here, before Spark starts, naming the key.
 *
 * <pre>
 * features:
 *   window_days: 365                      # 1..3660, default 365
 *   centring:                             # per feature: none | grand | {group: neighbourhood_id | municipality_id}
 *     age10: grand
 *     trust_local: {group: neighbourhood_id}
 *   missing_indicators: [income_band]     # survey features; adds income_band_missing
 * </pre>
 */
final class FeaturesSpecReader {

  private FeaturesSpecReader() {}

  static FeatureOptions read(YamlNode node) {
    int windowDays = node.integer("window_days", FeatureOptions.DEFAULT_WINDOW_DAYS, 1, FeatureOptions.MAX_WINDOW_DAYS);
    Map<String, Centring> centring = readCentring(node.child("centring"));
    List<String> indicators = node.stringList("missing_indicators");
    List<String> candidates = FeatureCatalog.missingIndicatorCandidates();
    for (String feature : indicators) {
      if (!candidates.contains(feature)) {
        throw new SpecException("features.missing_indicators: unknown survey feature " + feature
            + " (allowed: " + String.join(", ", candidates) + ")");
      }
    }
    node.finish();
    return new FeatureOptions(windowDays, centring, indicators);
  }

  private static Map<String, Centring> readCentring(YamlNode node) {
    Map<String, Centring> centring = new LinkedHashMap<>();
    List<String> allowed = FeatureCatalog.centrableFeatures();
    for (String feature : List.copyOf(node.keys())) {
      String key = "features.centring." + feature;
      if (!allowed.contains(feature)) {
        throw new SpecException(key + ": not a numeric feature of the citizens table (allowed: " + String.join(", ", allowed) + ")");
      }
      YamlNode group;
      try {
        group = node.child(feature);
      } catch (SpecException notAMapping) {
        group = null;
      }
      if (group == null) {
        String kind = node.string(feature, null);
        centring.put(feature, switch (kind) {
          case "none" -> Centring.NONE;
          case "grand" -> Centring.GRAND;
          case "group" -> throw new SpecException(key + ": group centring needs its group, e.g. {group: neighbourhood_id}");
          default -> throw new SpecException("invalid " + key + ": " + kind + " (allowed: none, grand, {group: "
              + String.join(" | ", FeatureOptions.GROUP_COLUMNS) + "})");
        });
      } else {
        String column = group.requiredString("group");
        if (!FeatureOptions.GROUP_COLUMNS.contains(column)) {
          throw new SpecException("invalid " + key + ".group: " + column + " (allowed: " + String.join(", ", FeatureOptions.GROUP_COLUMNS) + ")");
        }
        group.finish();
        centring.put(feature, Centring.group(column));
      }
    }
    node.finish();
    return centring;
  }
}
