package org.coprod.features;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;

/** Municipality-level features: the government side of the review, {@code mun_} prefix, unchanged in unit. */
final class MunicipalityFeatures {

  private MunicipalityFeatures() {}

  /** municipality_id and one {@code mun_<column>} per contract column. */
  static Dataset<Row> table(Dataset<Row> municipalities) {
    List<Column> out = new ArrayList<>(List.of(col("municipality_id")));
    for (ColumnSpec column : Contracts.MUNICIPALITIES.columns()) {
      if (!Contracts.MUNICIPALITIES.keyColumns().contains(column.name())) {
        out.add(col(column.name()).as("mun_" + column.name()));
      }
    }
    return municipalities.select(out.toArray(Column[]::new));
  }
}
