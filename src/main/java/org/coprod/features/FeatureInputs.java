package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The clean, typed input of the feature stage: one Dataset per source in the contract schema
 * ({@link org.coprod.ingest.contract.Contracts}), identifiers already pseudonymised and
 * personal columns dropped by ingest. Columns beyond the contract are the job's declared extra
 * columns and travel into the feature tables. Usage and links may be absent (no platform data,
 * or no consented linkage): every respondent is then unlinked. Links must be unique by
 * {@code respondent_id}, as the contract requires and ingest enforces; a respondent with two
 * accounts would get two citizen rows.
 *
 * <p>A job need not have every source (a city's 311 log has only events; an area-level study
 * only areas): {@link #available} stands in for absent survey, neighbourhoods and
 * municipalities with placeholders in the contract schema (see {@link PlaceholderSources}),
 * and {@code surveyPresent} tells the stage that there are no waves to count by.
 *
 * @param tables keyed tables the job attaches to neighbourhoods or municipalities
 */
public record FeatureInputs(
    Dataset<Row> survey,
    Optional<Dataset<Row>> usage,
    Optional<Dataset<Row>> links,
    Dataset<Row> neighbourhoods,
    Dataset<Row> municipalities,
    boolean surveyPresent,
    List<AttachedTable> tables) {

  public FeatureInputs {
    requireNonNull(survey, "survey is null");
    requireNonNull(usage, "usage is null");
    requireNonNull(links, "links is null");
    requireNonNull(neighbourhoods, "neighbourhoods is null");
    requireNonNull(municipalities, "municipalities is null");
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
  }

  /** A survey-based job with these sources and no attached tables. */
  public FeatureInputs(Dataset<Row> survey, Optional<Dataset<Row>> usage, Optional<Dataset<Row>> links,
      Dataset<Row> neighbourhoods, Dataset<Row> municipalities) {
    this(survey, usage, links, neighbourhoods, municipalities, true, List.of());
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

  /**
   * The sources a job has, with placeholders for an absent survey (no rows), absent
   * neighbourhoods (the ids the survey and usage refer to, no census columns) and absent
   * municipalities (the ids the neighbourhoods refer to, no government columns).
   */
  public static FeatureInputs available(
      org.apache.spark.sql.SparkSession spark,
      Optional<Dataset<Row>> survey,
      Optional<Dataset<Row>> usage,
      Optional<Dataset<Row>> links,
      Optional<Dataset<Row>> neighbourhoods,
      Optional<Dataset<Row>> municipalities,
      List<AttachedTable> tables) {
    Dataset<Row> surveyRows = survey.orElseGet(() -> PlaceholderSources.emptySurvey(spark));
    Dataset<Row> neighbourhoodRows = neighbourhoods.orElseGet(() -> PlaceholderSources.neighbourhoods(surveyRows, usage));
    Dataset<Row> municipalityRows = municipalities.orElseGet(() -> PlaceholderSources.municipalities(neighbourhoodRows));
    return new FeatureInputs(surveyRows, usage, links, neighbourhoodRows, municipalityRows, survey.isPresent(), tables);
  }

  /** Usage features need both the events and the linkage. */
  boolean hasLinkedUsage() {
    return usage.isPresent() && links.isPresent();
  }
}
