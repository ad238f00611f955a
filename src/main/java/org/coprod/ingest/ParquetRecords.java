package org.coprod.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
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

  /** What a reader makes of one Parquet row, given as file-column texts (null where a column is not read). */
  interface RowHandler<T> extends java.io.Serializable {
    T handle(TextRecords.FileInfo info, String file, Long line, long rowId, String[] values);
  }

  /**
   * The rows whose {@link RecordParser#rowId} is in {@code only} (every row when it is null),
   * parsed; other rows are skipped before any conversion.
   */
  static JavaRDD<Row> read(SparkSession spark, List<String> files, Map<String, TextRecords.FileInfo> plans,
      RecordParser parser, RecordsRead recordsRead, Broadcast<RowSet> only) {
    return rows(spark, files, plans, null, recordsRead, only,
        (info, file, line, rowId, values) -> parser.values(info.plan(), file, line, rowId, values));
  }

  /** The key hash of every row ({@link RecordParser#keyHash}), reading the key's columns only. */
  static JavaRDD<Long> keyHashes(SparkSession spark, List<String> files, Map<String, TextRecords.FileInfo> plans,
      RecordParser parser) {
    ColumnPlan plan = plans.values().iterator().next().plan();
    return rows(spark, files, plans, parser.keyFileColumns(plan), null, null,
        (info, file, line, rowId, values) -> parser.keyHash(info.plan(), values));
  }

  /**
   * @param read indices of the file columns to read, or null for all
   * @param recordsRead counts the rows read, or null
   * @param only the rows to keep, or null for all
   */
  private static <T> JavaRDD<T> rows(SparkSession spark, List<String> files, Map<String, TextRecords.FileInfo> plans,
      int[] read, RecordsRead recordsRead, Broadcast<RowSet> only, RowHandler<T> handler) {
    Dataset<Row> frame = spark.read().parquet(files.toArray(String[]::new));
    // One plan serves every file: InputFiles builds it from the files' merged schema.
    ColumnPlan plan = plans.values().iterator().next().plan();
    int[] columnsRead = read != null ? read : java.util.stream.IntStream.range(0, plan.fileColumns.length).toArray();
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("_metadata.file_path"));
    columns.add(functions.col("_metadata.row_index"));
    for (int j : columnsRead) {
      String name = plan.fileColumns[j];
      columns.add(functions.col("`" + name.replace("`", "``") + "`"));
    }
    int width = plan.fileColumns.length;
    return frame.select(columns.toArray(Column[]::new)).javaRDD().mapPartitionsWithIndex((index, rows) -> {
      Iterator<Row> input = rows;
      RowSet wanted = only == null ? null : only.value();
      return new Iterator<T>() {
        private long records;
        private boolean reported;
        private T next;
        // The file of the previous row and its plan: rows come file by file, and parsing the
        // path of every row (a Hadoop Path is a URI) cost more than reading its key.
        private String lastFile;
        private TextRecords.FileInfo lastInfo;

        @Override
        public boolean hasNext() {
          while (next == null && input.hasNext()) {
            Row row = input.next();
            String file = row.getString(0);
            if (!file.equals(lastFile)) {
              lastInfo = plans.get(TextRecords.key(new org.apache.hadoop.fs.Path(file)));
              if (lastInfo == null) {
                throw new IllegalStateException("no column plan for " + file);
              }
              lastFile = file;
            }
            TextRecords.FileInfo info = lastInfo;
            if (row.isNullAt(1)) {
              throw new IllegalStateException("no row index for a row of " + file);
            }
            long rowId = RecordParser.rowId(info.index(), row.getLong(1));
            if (wanted != null && !wanted.contains(rowId)) {
              continue;
            }
            records++;
            String[] values = new String[width];
            for (int k = 0; k < columnsRead.length; k++) {
              values[columnsRead[k]] = text(row.get(k + 2));
            }
            next = handler.handle(info, file, row.getLong(1) + 1, rowId, values);
          }
          if (next == null && !reported && recordsRead != null) {
            reported = true;
            recordsRead.add(new RecordsRead.Partition("parquet scan partition " + index, records));
          }
          return next != null;
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          T row = next;
          next = null;
          return row;
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
