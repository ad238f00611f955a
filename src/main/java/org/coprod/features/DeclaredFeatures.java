package org.coprod.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.coprod.ingest.contract.Contracts;

/**
 * Catalog entries of the features a job declares itself (extra columns of its sources and the
 * columns of its attached tables). The review's taxonomy cannot be inferred for them, so their
 * category says they are the job's own and no role is expected; actor follows the level
 * (municipality columns describe the government side, all others the citizens' side).
 */
final class DeclaredFeatures {

  static final String CATEGORY = "declared in the job spec";

  private DeclaredFeatures() {}

  static List<CatalogEntry> entries(FeatureInputs inputs, List<String> surveyExtras, List<String> neighbourhoodDeclared,
      List<String> municipalityDeclared) {
    List<CatalogEntry> entries = new ArrayList<>();
    for (String name : surveyExtras) {
      entries.add(entry(name, FeatureLevel.CITIZEN, "survey." + name, inputs.survey().schema().apply(name), "citizen"));
    }
    for (String feature : neighbourhoodDeclared) {
      entries.add(areaEntry(feature, "nbh_", FeatureLevel.NEIGHBOURHOOD, "neighbourhoods", inputs.neighbourhoods(),
          inputs.tables(), "citizen"));
    }
    for (String feature : municipalityDeclared) {
      entries.add(areaEntry(feature, "mun_", FeatureLevel.MUNICIPALITY, "municipalities", inputs.municipalities(),
          inputs.tables(), "government"));
    }
    return entries;
  }

  private static CatalogEntry areaEntry(String feature, String prefix, FeatureLevel level, String source, Dataset<Row> rows,
      List<AttachedTable> tables, String actor) {
    String column = feature.substring(prefix.length());
    if (List.of(rows.columns()).contains(column)
        && !(level == FeatureLevel.NEIGHBOURHOOD ? Contracts.NEIGHBOURHOODS : Contracts.MUNICIPALITIES).columnNames().contains(column)) {
      return entry(feature, level, source + "." + column, rows.schema().apply(column), actor);
    }
    for (AttachedTable table : tables) {
      if (table.level() == level && List.of(table.rows().columns()).contains(column)) {
        CatalogEntry entry = entry(feature, level, table.name() + "." + column, table.rows().schema().apply(column), actor);
        return table.fillAbsent() == null ? entry
            : entry.withTransformation(entry.transformation() + "; " + table.fillAbsent() + " for areas the table has no row for");
      }
    }
    throw new IllegalStateException("no source for declared feature " + feature);
  }

  private static CatalogEntry entry(String name, FeatureLevel level, String source, StructField field, String actor) {
    Metadata metadata = field.metadata();
    String unit = metadata.contains("unit") ? metadata.getString("unit") : "-";
    return new CatalogEntry(name, level, source, "as declared (" + field.dataType().simpleString() + ")", unit, actor, CATEGORY,
        null, null);
  }
}
