package org.coprod.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/** Test helper: reads a clean generated root with the contract schemas and builds the truth's features. */
final class GeneratedData {

  private GeneratedData() {}

  static Dataset<Row> read(SparkSession spark, String root, SourceContract source, OutputFormat format) {
    String path = root + "/" + source.name();
    return switch (format) {
      case CSV -> spark.read().schema(source.plainSchema()).option("header", "true").option("mode", "FAILFAST")
          .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX").csv(path);
      case JSON -> spark.read().schema(source.plainSchema()).option("mode", "FAILFAST")
          .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX").json(path);
      case PARQUET -> spark.read().parquet(path);
    };
  }

  /** Survey joined with its neighbourhood and municipality, with every term of the true formula as a column. */
  static Dataset<Row> features(SparkSession spark, String root, OutputFormat format) {
    Dataset<Row> survey = read(spark, root, Contracts.SURVEY, format);
    Dataset<Row> neighbourhoods = read(spark, root, Contracts.NEIGHBOURHOODS, format);
    Dataset<Row> municipalities = read(spark, root, Contracts.MUNICIPALITIES, format);
    List<Column> nbh = new ArrayList<>();
    nbh.add(col("neighbourhood_id"));
    nbh.add(col("municipality_id"));
    for (String name : Contracts.NEIGHBOURHOODS.columnNames().subList(2, Contracts.NEIGHBOURHOODS.columns().size())) {
      nbh.add(col(name).cast("double").as("nbh_" + name));
    }
    List<Column> mun = new ArrayList<>();
    mun.add(col("municipality_id"));
    for (String name : Contracts.MUNICIPALITIES.columnNames().subList(1, Contracts.MUNICIPALITIES.columns().size())) {
      mun.add(col(name).cast("double").as("mun_" + name));
    }
    return survey
        .join(neighbourhoods.select(nbh.toArray(Column[]::new)), "neighbourhood_id")
        .join(municipalities.select(mun.toArray(Column[]::new)), "municipality_id")
        .withColumn("age10", col("age").minus(50).divide(10.0))
        .withColumn("genderfemale", col("gender").equalTo(lit("female")).cast("double"))
        .withColumn("educationmedium", col("education").equalTo(lit("medium")).cast("double"))
        .withColumn("educationhigh", col("education").equalTo(lit("high")).cast("double"))
        .withColumn("home_languageminority", col("home_language").equalTo(lit("minority")).cast("double"));
  }

  static String[] termColumns() {
    return TrueModel.TERMS.stream().map(TrueModel.Term::name).toArray(String[]::new);
  }
}
