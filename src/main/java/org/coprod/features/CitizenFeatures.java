package org.coprod.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Citizen-level features from the survey: recoding and missing-indicator coding. */
final class CitizenFeatures {

  /** Identifying and design columns of the citizens table, first in its column order. */
  static final List<String> KEYS = List.of("respondent_id", "wave", "neighbourhood_id", "municipality_id", "weight");

  static final List<String> OUTCOMES = List.of("coprod_ict", "coprod_traditional");

  /** Survey columns that only feed other features and are not themselves output. */
  private static final List<String> HELPERS = List.of("age", "interview_date");

  private CitizenFeatures() {}

  /**
   * The survey recoded to features: {@code age10 = (age - 50) / 10}; factors keep their contract
   * codes (reference levels are declared in the catalog, not baked into the data, so a
   * model may choose another one); 0/1 and attitude scales as surveyed. {@code age} and
   * {@code interview_date} stay for the composition and usage steps and are dropped at the end.
   */
  static Dataset<Row> recode(Dataset<Row> survey) {
    List<Column> columns = new ArrayList<>();
    for (String key : List.of("respondent_id", "wave", "neighbourhood_id", "weight")) {
      columns.add(col(key));
    }
    OUTCOMES.forEach(o -> columns.add(col(o)));
    HELPERS.forEach(h -> columns.add(col(h)));
    for (CatalogEntry entry : FeatureCatalog.entries()) {
      if (!FeatureCatalog.missingIndicatorCandidates().contains(entry.name())) {
        continue;
      }
      if (entry.name().equals("age10")) {
        columns.add(col("age").minus(lit(50)).cast("double").divide(lit(10.0)).as("age10"));
      } else {
        columns.add(col(entry.sourceColumns().substring("survey.".length())).as(entry.name()));
      }
    }
    // The job's own survey columns (declared extra columns) as surveyed.
    ExtraColumns.names(survey, org.coprod.ingest.contract.Contracts.SURVEY).forEach(extra -> columns.add(col(extra)));
    return survey.select(columns.toArray(Column[]::new));
  }

  /**
   * For each declared feature x: {@code x_missing = 1} where x is missing (else 0), and the missing x
   * replaced by the reference level (factors) or 0 (numbers), so that the row stays in the model
   * and the indicator absorbs the difference of the non-respondents.
   */
  static Dataset<Row> missingIndicators(Dataset<Row> citizens, FeatureOptions options) {
    Map<String, Column> coded = new LinkedHashMap<>();
    for (String feature : options.missingIndicators()) {
      CatalogEntry entry = FeatureCatalog.lookup(feature).orElseThrow();
      Column fill = entry.isFactor() ? lit(entry.referenceLevel()) : lit(0);
      coded.put(feature + "_missing", when(col(feature).isNull(), lit(1)).otherwise(lit(0)));
      coded.put(feature, coalesce(col(feature), fill).cast(citizens.schema().apply(feature).dataType()));
    }
    return coded.isEmpty() ? citizens : citizens.withColumns(coded);
  }

  /** Survey helper columns to drop once the features are built. */
  static List<String> helpers() {
    return HELPERS;
  }
}
