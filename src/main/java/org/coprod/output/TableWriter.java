package org.coprod.output;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes output tables as Parquet (one folder per table) under a run's staging folder. */
public final class TableWriter {

  private TableWriter() {}

  /** A table of parameter-sized rows built on the driver (factor effects, fits): one file. */
  public static void writeSmall(SparkSession spark, RunFolder run, String table, StructType schema, List<Row> rows) {
    Dataset<Row> frame = spark.createDataFrame(rows, schema).coalesce(1);
    write(run, table, frame);
  }

  /** A distributed table (features, quarantine, group effects). */
  public static void write(RunFolder run, String table, Dataset<Row> frame) {
    frame.sparkSession().sparkContext().setJobDescription("write " + table);
    frame.write().mode(SaveMode.ErrorIfExists).parquet(run.stagingTable(table));
  }
}
