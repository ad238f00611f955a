package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The clean, typed input of the feature stage: one Dataset per source in the contract schema
 * ({@link org.coprod.ingest.contract.Contracts}), identifiers already pseudonymised and
 * personal columns dropped by ingest. Usage and links may be absent (no platform data, or no
 * consented linkage): every respondent is then unlinked. Links must be unique by
 * {@code respondent_id}, as the contract requires and ingest enforces; a respondent with two
 * accounts would get two citizen rows.
 */
public record FeatureInputs(
    Dataset<Row> survey,
    Optional<Dataset<Row>> usage,
    Optional<Dataset<Row>> links,
    Dataset<Row> neighbourhoods,
    Dataset<Row> municipalities) {

  public FeatureInputs {
    requireNonNull(survey, "survey is null");
    requireNonNull(usage, "usage is null");
    requireNonNull(links, "links is null");
    requireNonNull(neighbourhoods, "neighbourhoods is null");
    requireNonNull(municipalities, "municipalities is null");
  }

  /** All five sources present. */
  public static FeatureInputs of(
      Dataset<Row> survey, Dataset<Row> usage, Dataset<Row> links, Dataset<Row> neighbourhoods, Dataset<Row> municipalities) {
    return new FeatureInputs(survey, Optional.of(usage), Optional.of(links), neighbourhoods, municipalities);
  }

  /** Without platform data. */
  public static FeatureInputs withoutUsage(Dataset<Row> survey, Dataset<Row> neighbourhoods, Dataset<Row> municipalities) {
    return new FeatureInputs(survey, Optional.empty(), Optional.empty(), neighbourhoods, municipalities);
  }

  /** Usage features need both the events and the linkage. */
  boolean hasLinkedUsage() {
    return usage.isPresent() && links.isPresent();
  }
}
