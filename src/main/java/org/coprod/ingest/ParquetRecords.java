package org.coprod.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads Parquet files into raw records. Typed values are rendered as the contract's text forms
 * (ISO dates, ISO instants in UTC, shortest round-tripping doubles) so that one set of parsing
 * rules serves every format; a Parquet column of the wrong type is then caught by the same
 * rules as a CSV cell. The row number within the file (from 1) stands in for the line.
 */
final class ParquetRecords {

  static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private ParquetRecords() {}

  static JavaRDD<Row> read(SparkSession spark, List<String> files, ColumnPlan plan, RecordParser parser,
      RecordsRead recordsRead) {
    Dataset<Row> frame = spark.read().parquet(files.toArray(String[]::new));
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("_metadata.file_path"));
    columns.add(functions.col("_metadata.row_index"));
    for (String name : plan.fileColumns) {
      columns.add(functions.col("`" + name.replace("`", "``") + "`"));
    }
    int width = plan.fileColumns.length;
    return frame.select(columns.toArray(Column[]::new)).javaRDD().mapPartitionsWithIndex((index, rows) -> {
      Iterator<Row> input = rows;
      return new Iterator<Row>() {
        private long records;
        private boolean reported;

        @Override
        public boolean hasNext() {
          boolean more = input.hasNext();
          if (!more && !reported) {
            reported = true;
            recordsRead.add(new RecordsRead.Partition("parquet scan partition " + index, records));
          }
          return more;
        }

        @Override
        public Row next() {
          Row row = input.next();
          records++;
          String[] values = new String[width];
          for (int j = 0; j < width; j++) {
            values[j] = text(row.get(j + 2));
          }
          Long line = row.isNullAt(1) ? null : row.getLong(1) + 1;
          return parser.values(plan, row.getString(0), line, values);
        }
      };
    }, true);
  }

  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return INSTANT.format(timestamp.toInstant());
    }
    if (value instanceof Instant instant) {
      return INSTANT.format(instant);
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }
}
