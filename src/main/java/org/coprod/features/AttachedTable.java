package org.coprod.features;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A keyed table of the job (spec {@code tables:}) joined onto neighbourhoods or municipalities:
 * its columns become {@code nbh_<column>} or {@code mun_<column>} features.
 *
 * @param name the table's name in the job spec
 * @param level {@link FeatureLevel#NEIGHBOURHOOD} (keyed by neighbourhood_id) or
 *     {@link FeatureLevel#MUNICIPALITY} (keyed by municipality_id)
 * @param rows the clean table: the key column and the declared columns
 * @param fillAbsent value of the numeric columns for areas the table has no row for (e.g. 0 for
 *     counts published only where positive), or null to leave them missing
 */
public record AttachedTable(String name, FeatureLevel level, Dataset<Row> rows, Double fillAbsent) {

  public AttachedTable {
    requireNonNull(name, "name is null");
    requireNonNull(level, "level is null");
    requireNonNull(rows, "rows is null");
    if (level != FeatureLevel.NEIGHBOURHOOD && level != FeatureLevel.MUNICIPALITY) {
      throw new IllegalArgumentException("table " + name + " attaches to " + level.label()
          + " (must be neighbourhood or municipality)");
    }
  }

  /** The key column the table joins on. */
  public String key() {
    return level == FeatureLevel.NEIGHBOURHOOD ? "neighbourhood_id" : "municipality_id";
  }

  /** Prefix of its features. */
  String prefix() {
    return level == FeatureLevel.NEIGHBOURHOOD ? "nbh_" : "mun_";
  }
}
