package org.coprod.features;

/** The level of the multilevel structure a feature describes. */
public enum FeatureLevel {
  CITIZEN,
  NEIGHBOURHOOD,
  MUNICIPALITY,
  /** An interaction of features from different levels. */
  CROSS_LEVEL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
