package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tables of the feature stage, all lazy Spark Datasets: the caller writes them (into its
 * run folder) and nothing is computed before it does.
 *
 * @param citizens one row per respondent and wave: keys, weight, outcomes and every feature of
 *     {@link #catalog()} in catalog order
 * @param neighbourhoods one row per neighbourhood and wave: census, penetration, respondents
 * @param municipalities one row per municipality: the government side
 * @param events one row per usage event (see {@link EventFeatures}), when the job has usage
 * @param catalog one row per feature of the citizens table (see {@link FeatureCatalog#entries(FeatureOptions)})
 * @param missingCounts one row per column of the citizens table: {@code variable}, {@code missing}
 *     (rows without a value; for a missing-indicator-coded feature, rows whose indicator is 1)
 */
public record FeatureResult(
    Dataset<Row> citizens,
    Dataset<Row> neighbourhoods,
    Dataset<Row> municipalities,
    Optional<Dataset<Row>> events,
    Dataset<Row> catalog,
    Dataset<Row> missingCounts) {

  public FeatureResult {
    requireNonNull(citizens, "citizens is null");
    requireNonNull(neighbourhoods, "neighbourhoods is null");
    requireNonNull(municipalities, "municipalities is null");
    requireNonNull(events, "events is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(missingCounts, "missingCounts is null");
  }

  /**
   * The missing counts as a map, variable to count, in column order. Runs one aggregation over
   * the citizens; brings one row per column (not per citizen) to the driver.
   */
  public Map<String, Long> missingCountMap() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row : missingCounts.collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
