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
 * @param expectedRole barrier or enabler: the sign the review expects for a larger value
 */
public record CatalogEntry(
    String name, FeatureLevel level, String sourceColumns, String transformation, String unit, String actor, String category, String expectedRole) {
  public CatalogEntry {
    requireNonNull(name, "name is null");
    requireNonNull(level, "level is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(category, "category is null");
  }
}
