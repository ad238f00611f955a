package org.coprod.features;

import static java.util.Objects.requireNonNull;

/**
 * What one feature means, in the review's vocabulary (seeds/000: government vs citizen,
 * barrier vs enabler).
 *
 * @param name model-ready column name
 * @param level citizen, neighbourhood or municipality
 * @param sourceColumns contract columns it is built from
 * @param transformation how, in words or a formula
 * @param unit unit of one step of the feature
 * @param actor citizen or government
 * @param category the review's category (e.g. "shortage of finance", "trust in government")
 * @param expectedRole barrier or enabler: the sign the review expects for a larger value (or for
 *     a level against the reference level); null where the review takes no side
 * @param referenceLevel the declared reference level of a factor; null for numeric features
 */
public record CatalogEntry(
    String name,
    FeatureLevel level,
    String sourceColumns,
    String transformation,
    String unit,
    String actor,
    String category,
    String expectedRole,
    String referenceLevel) {

  public CatalogEntry {
    requireNonNull(name, "name is null");
    requireNonNull(level, "level is null");
    requireNonNull(sourceColumns, "sourceColumns is null");
    requireNonNull(transformation, "transformation is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(category, "category is null");
    if (expectedRole != null && !expectedRole.equals("barrier") && !expectedRole.equals("enabler")) {
      throw new IllegalArgumentException("invalid expected role of " + name + ": " + expectedRole + " (barrier, enabler or null)");
    }
  }

  /** Whether the feature is a factor (text levels, treatment-coded against {@link #referenceLevel}). */
  public boolean isFactor() {
    return referenceLevel != null;
  }

  CatalogEntry withTransformation(String text) {
    return new CatalogEntry(name, level, sourceColumns, text, unit, actor, category, expectedRole, referenceLevel);
  }
}
