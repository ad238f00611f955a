package org.coprod.model;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.coprod.features.CatalogEntry;
import org.coprod.features.FeatureCatalog;
import org.coprod.features.FeatureLevel;
import org.coprod.spec.formula.ModelColumn;

/**
 * Links a model-matrix column to the feature it measures: variable, level, feature level
 * (citizen / neighbourhood / municipality / cross-level), actor and the review's category,
 * from the {@link FeatureCatalog}. Terms of variables that the catalog does not know (any
 * user table passed to {@code fit}) get nulls, never a guess.
 */
record EffectLabels(String variable, String level, String featureLevel, String actor, String category, String expectedRole) {

  static EffectLabels of(ModelColumn column) {
    if (column.isIntercept()) {
      return new EffectLabels(null, null, null, null, null, null);
    }
    if (column.parts().size() == 1) {
      ModelColumn.Part part = column.parts().get(0);
      Optional<CatalogEntry> entry = catalogEntry(part.variable().sourceColumns());
      return new EffectLabels(
          part.variable().label(),
          part.level(),
          entry.map(e -> e.level().label()).orElse(null),
          entry.map(CatalogEntry::actor).orElse(null),
          entry.map(CatalogEntry::category).orElse(null),
          entry.map(CatalogEntry::expectedRole).orElse(null));
    }
    Set<FeatureLevel> levels = new LinkedHashSet<>();
    Set<String> actors = new LinkedHashSet<>();
    Set<String> categories = new LinkedHashSet<>();
    for (ModelColumn.Part part : column.parts()) {
      catalogEntry(part.variable().sourceColumns())
          .ifPresent(
              e -> {
                levels.add(e.level());
                actors.add(e.actor());
                categories.add(e.category());
              });
    }
    String featureLevel = levels.isEmpty() ? null : levels.size() > 1 ? FeatureLevel.CROSS_LEVEL.label() : levels.iterator().next().label();
    String actor = actors.isEmpty() ? null : String.join(" × ", actors);
    String category = categories.isEmpty() ? null : String.join(" × ", categories);
    return new EffectLabels(column.term(), null, featureLevel, actor, category, null);
  }

  private static Optional<CatalogEntry> catalogEntry(Set<String> sourceColumns) {
    for (String column : sourceColumns) {
      Optional<CatalogEntry> entry = FeatureCatalog.lookup(column);
      if (entry.isPresent()) {
        return entry;
      }
    }
    return Optional.empty();
  }
}
