package org.coprod.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.coprod.ingest.contract.SourceContract;

/**
 * The columns of a clean source beyond its contract: the job spec's declared
 * {@code extra_columns} (ingest typed and validated them). They travel into the feature tables
 * as they are, so that a user's own covariates and outcomes can enter a formula.
 */
final class ExtraColumns {

  /** Columns ingest adds to every clean usage table (its partition column), not the user's. */
  private static final Set<String> INGEST_COLUMNS = Set.of("month");

  private ExtraColumns() {}

  static List<StructField> of(Dataset<Row> clean, SourceContract contract) {
    List<String> contractColumns = contract.columnNames();
    List<StructField> extras = new ArrayList<>();
    for (StructField field : clean.schema().fields()) {
      if (!contractColumns.contains(field.name()) && !INGEST_COLUMNS.contains(field.name())) {
        extras.add(field);
      }
    }
    return extras;
  }

  static List<String> names(Dataset<Row> clean, SourceContract contract) {
    return of(clean, contract).stream().map(StructField::name).toList();
  }
}
