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

  /**
   * municipality_id, one {@code mun_<column>} per contract column, then the job's own columns:
   * {@code mun_<extra column>} and the attached tables' columns.
   */
  static Dataset<Row> table(Dataset<Row> municipalities, List<AttachedTable> tables) {
    List<Column> out = new ArrayList<>(List.of(col("municipality_id")));
    for (ColumnSpec column : Contracts.MUNICIPALITIES.columns()) {
      if (!Contracts.MUNICIPALITIES.keyColumns().contains(column.name())) {
        out.add(col(column.name()).as("mun_" + column.name()));
      }
    }
    for (String extra : ExtraColumns.names(municipalities, Contracts.MUNICIPALITIES)) {
      out.add(col(extra).as("mun_" + extra));
    }
    return AttachedTables.join(municipalities.select(out.toArray(Column[]::new)), tables, FeatureLevel.MUNICIPALITY);
  }

  /** Names of the job's own municipality features, in column order. */
  static List<String> declaredColumns(Dataset<Row> municipalities, List<AttachedTable> tables) {
    List<String> names = new ArrayList<>();
    ExtraColumns.names(municipalities, Contracts.MUNICIPALITIES).forEach(e -> names.add("mun_" + e));
    names.addAll(AttachedTables.featureNames(tables, FeatureLevel.MUNICIPALITY));
    return names;
  }
}
