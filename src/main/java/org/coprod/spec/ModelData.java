package org.coprod.spec;

import java.util.Locale;

/**
 * The feature table a model is fitted on: one row per respondent (the default), per usage
 * event, per neighbourhood (and wave) or per municipality. Area tables carry their parents'
 * columns: a neighbourhood row has its municipality's {@code mun_} columns, an event row its
 * neighbourhood's {@code nbh_} and municipality's {@code mun_} columns.
 */
public enum ModelData {
  CITIZENS("features"),
  EVENTS("event_features"),
  NEIGHBOURHOODS("neighbourhood_features"),
  MUNICIPALITIES("municipality_features");

  private final String table;

  ModelData(String table) {
    this.table = table;
  }

  /** The run's output table holding these rows. */
  public String table() {
    return table;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
