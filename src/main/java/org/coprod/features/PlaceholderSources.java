package org.coprod.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Stand-ins, in the contract schema, for sources a job does not have, so that the feature
 * stage has one code path: an absent survey is a survey without rows; absent neighbourhoods
 * are the neighbourhood ids that the survey and the events refer to, with no municipality and
 * no census columns (null: unknown); absent municipalities likewise. No value is invented.
 */
final class PlaceholderSources {

  private PlaceholderSources() {}

  static Dataset<Row> emptySurvey(SparkSession spark) {
    return spark.createDataFrame(List.of(), Contracts.SURVEY.schema());
  }

  static Dataset<Row> neighbourhoods(Dataset<Row> survey, Optional<Dataset<Row>> usage) {
    Dataset<Row> ids = survey.select(col("neighbourhood_id"));
    if (usage.isPresent()) {
      ids = ids.union(usage.get().select(col("neighbourhood_id")));
    }
    return withNullColumns(ids.where(col("neighbourhood_id").isNotNull()).distinct(), Contracts.NEIGHBOURHOODS);
  }

  static Dataset<Row> municipalities(Dataset<Row> neighbourhoods) {
    Dataset<Row> ids = neighbourhoods.select(col("municipality_id")).where(col("municipality_id").isNotNull()).distinct();
    return withNullColumns(ids, Contracts.MUNICIPALITIES);
  }

  /** The contract's columns in order: those the ids frame has, the rest as typed nulls. */
  private static Dataset<Row> withNullColumns(Dataset<Row> ids, SourceContract contract) {
    List<String> present = List.of(ids.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : contract.schema().fields()) {
      columns.add(present.contains(field.name()) ? col(field.name())
          : lit(null).cast(field.dataType()).as(field.name(), field.metadata()));
    }
    return ids.select(columns.toArray(Column[]::new));
  }
}
