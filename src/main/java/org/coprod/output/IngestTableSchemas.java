package org.coprod.output;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the two tables ingest publishes in a run, {@code quality} and {@code quarantine},
 * as written (with {@code run_id} first, like every output table). The ingest stage builds
 * them without the run id ({@link #withoutRunId}); the writer adds it ({@link #withRunId}).
 */
public final class IngestTableSchemas {

  public static final StructType QUALITY = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("rule_id", DataTypes.StringType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_accepted", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("rows_dropped", DataTypes.LongType, false)
      .add("rows_cleaned", DataTypes.LongType, false);

  public static final StructType QUARANTINE = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("source", DataTypes.StringType, false)
      .add("file", DataTypes.StringType, false)
      .add("line", DataTypes.LongType, true)
      .add("offset", DataTypes.LongType, true)
      .add("raw_record", DataTypes.StringType, true)
      .add("rule_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false);

  private IngestTableSchemas() {}

  /** The schema as ingest builds it, before the run id is known. */
  public static StructType withoutRunId(StructType schema) {
    return new StructType(Arrays.stream(schema.fields()).filter(f -> !f.name().equals("run_id")).toArray(StructField[]::new));
  }

  /** The table with {@code run_id} as its first column. */
  public static Dataset<Row> withRunId(Dataset<Row> table, String runId) {
    Column[] columns = Stream.concat(Stream.of(functions.lit(runId).as("run_id")),
        Stream.of(table.columns()).map(functions::col)).toArray(Column[]::new);
    return table.select(columns);
  }
}
