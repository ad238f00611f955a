package org.coprod.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Joins the job's keyed tables onto the area rows they describe (left joins: every area stays,
 * with missing values where a table has no row for it, or the table's declared fill). Area
 * tables are small (one row per area), so each is broadcast.
 */
final class AttachedTables {

  private AttachedTables() {}

  static Dataset<Row> join(Dataset<Row> areas, List<AttachedTable> tables, FeatureLevel level) {
    Set<String> taken = new HashSet<>(List.of(areas.columns()));
    Dataset<Row> joined = areas;
    for (AttachedTable table : tables) {
      if (table.level() != level) {
        continue;
      }
      List<Column> renamed = new ArrayList<>(List.of(col(table.key())));
      Map<String, Column> filled = new LinkedHashMap<>();
      for (StructField field : columns(table)) {
        String feature = table.prefix() + field.name();
        if (!taken.add(feature)) {
          throw new IllegalArgumentException("table " + table.name() + ": column " + field.name() + " would be the feature "
              + feature + ", which another source already gives (rename it in the table's columns)");
        }
        renamed.add(col(field.name()).as(feature, field.metadata()));
        if (table.fillAbsent() != null && field.dataType() instanceof NumericType) {
          filled.put(feature, coalesce(col(feature), lit(table.fillAbsent()).cast(field.dataType())));
        }
      }
      joined = joined.join(broadcast(table.rows().select(renamed.toArray(Column[]::new))), new String[] {table.key()}, "left");
      if (!filled.isEmpty()) {
        joined = joined.withColumns(filled);
      }
    }
    return joined;
  }

  static List<String> featureNames(List<AttachedTable> tables, FeatureLevel level) {
    List<String> names = new ArrayList<>();
    for (AttachedTable table : tables) {
      if (table.level() == level) {
        columns(table).forEach(field -> names.add(table.prefix() + field.name()));
      }
    }
    return names;
  }

  /** The table's columns other than its key. */
  static List<StructField> columns(AttachedTable table) {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : table.rows().schema().fields()) {
      if (!field.name().equals(table.key())) {
        fields.add(field);
      }
    }
    return fields;
  }
}
