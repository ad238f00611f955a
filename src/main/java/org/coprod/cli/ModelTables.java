package org.coprod.cli;

import static org.apache.spark.sql.functions.col;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.spec.ModelData;

/**
 * The feature tables of one run folder as models read them, from Parquet (so every model
 * starts from the written features, not their lineage). A neighbourhood row carries its
 * municipality's {@code mun_} columns, joined here: the published neighbourhood table keeps one
 * level per table. Tables are opened on first use and reused.
 */
final class ModelTables {

  private final SparkSession spark;
  private final String folder;
  private final Map<ModelData, Dataset<Row>> opened = new EnumMap<>(ModelData.class);

  /** @param folder the run folder (staging or published) holding the feature tables */
  ModelTables(SparkSession spark, String folder) {
    this.spark = spark;
    this.folder = folder;
  }

  Dataset<Row> rows(ModelData data) {
    return opened.computeIfAbsent(data, this::open);
  }

  private Dataset<Row> open(ModelData data) {
    Dataset<Row> table = spark.read().parquet(folder + "/" + data.table());
    if (data == ModelData.NEIGHBOURHOODS) {
      Dataset<Row> municipalities = rows(ModelData.MUNICIPALITIES);
      return table.join(municipalities, table.col("municipality_id").equalTo(municipalities.col("municipality_id")), "left")
          .drop(municipalities.col("municipality_id"))
          .select(reordered(table, municipalities));
    }
    return table;
  }

  /** The neighbourhood columns, then the municipality's other columns. */
  private static org.apache.spark.sql.Column[] reordered(Dataset<Row> neighbourhoods, Dataset<Row> municipalities) {
    java.util.List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
    for (String name : neighbourhoods.columns()) {
      columns.add(col(name));
    }
    for (String name : municipalities.columns()) {
      if (!name.equals("municipality_id")) {
        columns.add(col(name));
      }
    }
    return columns.toArray(org.apache.spark.sql.Column[]::new);
  }
}
