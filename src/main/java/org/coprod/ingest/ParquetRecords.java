package org.coprod.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;
import org.coprod.ingest.contract.ColumnSpec;

/**
 * Reads Parquet files into raw records. Typed values are rendered as the contract's text forms
 * (ISO dates, ISO instants in UTC to the second, shortest round-tripping doubles) so that one set
 * of parsing rules serves every format; a Parquet column of the wrong type is then caught by the
 * same rules as a CSV cell. The row number within the file (from 1) stands in for the line.
 *
 * <p>Rows are read in Spark's internal form (the scan's columnar batches, or the plan's rows:
 * {@link ScanRows}), and each cell is rendered from its internal value. Why: converting every
 * row to an external {@link Row} (a java.sql.Timestamp per event, formatted again through a
 * DateTimeFormatter) cost more than reading it: at 1M citizens, the second pass spent 12 s on
 * the 20M usage rows to keep 230k of them. Now a row the pass does not want costs its row index
 * only, and a cell its text.
 */
final class ParquetRecords {


  private ParquetRecords() {}

  /** What a reader makes of one Parquet row, given as file-column texts (null where a column is not read). */
  interface RowHandler<T> extends java.io.Serializable {
    T handle(TextRecords.FileInfo info, String file, Long line, long rowId, String[] values);

    /** The same, given the row's cells, whose texts are made only if asked for. */
    default T handle(TextRecords.FileInfo info, String file, Long line, long rowId, Cells cells) {
      return handle(info, file, line, rowId, cells.texts());
    }

    /** The handler of one task's rows, made in the task: this one, unless it keeps state for the task. */
    default RowHandler<T> forTask() {
      return this;
    }

    /** Called in the task once its rows have all been handled. */
    default void finish() {}
  }

  /**
   * The rows whose {@link RecordParser#rowId} is in {@code only} (every row when it is null),
   * parsed; other rows are skipped before any conversion.
   */
  static JavaRDD<Row> read(SparkSession spark, List<String> files, long inputBytes,
      Map<String, TextRecords.FileInfo> plans, RecordParser parser, RecordsRead recordsRead, Broadcast<RowSet> only) {
    return rows(spark, files, inputBytes, plans, null, recordsRead, only, handler(parser));
  }

  /** The raw records {@code parser} makes of Parquet rows. */
  static RowHandler<Row> handler(RecordParser parser) {
    return (info, file, line, rowId, values) -> parser.values(info.plan(), file, line, rowId, values);
  }

  /** What {@code handler} makes of every row, with the rows counted into {@code recordsRead}. */
  static <T> JavaRDD<T> handled(SparkSession spark, List<String> files, long inputBytes,
      Map<String, TextRecords.FileInfo> plans, RecordsRead recordsRead, RowHandler<T> handler) {
    return rows(spark, files, inputBytes, plans, null, recordsRead, null, handler);
  }

  /** The key hash of every row ({@link RecordParser#keyHash}), reading the key's columns only. */
  static JavaRDD<Long> keyHashes(SparkSession spark, List<String> files, long inputBytes,
      Map<String, TextRecords.FileInfo> plans, RecordParser parser) {
    ColumnPlan plan = plans.values().iterator().next().plan();
    int keyCell = parser.singleKeyCell(plan);
    if (keyCell >= 0) {
      Dataset<Row> keys = spark.read().parquet(files.toArray(String[]::new)).select(
          functions.col("_metadata.file_path"), functions.col("_metadata.row_index"),
          functions.col("`" + plan.fileColumns[keyCell].replace("`", "``") + "`"));
      if (DataTypes.StringType.equals(keys.schema().fields()[2].dataType())) {
        return keyCellHashes(scanRows(spark, keys, inputBytes, new String[] {plan.fileColumns[keyCell]}), plan, parser);
      }
    }
    return rows(spark, files, inputBytes, plans, parser.keyFileColumns(plan), null, null,
        (info, file, line, rowId, values) -> parser.keyHash(info.plan(), values));
  }

  /**
   * Contract column {@code column}'s text of every row that has one, as a record carries it
   * ({@link RecordParser#contractText}), reading that column's cell only.
   */
  static JavaRDD<String> contractTexts(SparkSession spark, List<String> files, long inputBytes,
      Map<String, TextRecords.FileInfo> plans, RecordParser parser, int column) {
    int cell = plans.values().iterator().next().plan().sourceIndex[column];
    // A constant column reads no cell; null reads them all, as the scan wants some column.
    int[] read = cell >= 0 ? new int[] {cell} : null;
    return rows(spark, files, inputBytes, plans, read, null, null, (info, file, line, rowId, values) ->
        parser.contractText(info.plan(), column, cell >= 0 ? values[cell] : null));
  }

  /** The hash of each row's key cell, read as bytes ({@link RecordParser#keyHashOfCell}). */
  private static JavaRDD<Long> keyCellHashes(ScanRows scan, ColumnPlan plan, RecordParser parser) {
    ScanRows.Layout layout = scan.layout();
    return scan.read((index, input) -> {
      int cell = layout.cells()[0];
      return new Iterator<Long>() {
        private boolean ready;
        private boolean more;

        @Override
        public boolean hasNext() {
          if (!ready) {
            more = input.next();
            ready = true;
          }
          return more;
        }

        @Override
        public Long next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          ready = false;
          InternalRow row = input.row();
          return parser.keyHashOfCell(plan, row.isNullAt(cell) ? null : row.getUTF8String(cell));
        }
      };
    });
  }

  /**
   * @param read indices of the file columns to read, or null for all
   * @param recordsRead counts the rows read, or null
   * @param only the rows to keep, or null for all
   */
  private static <T> JavaRDD<T> rows(SparkSession spark, List<String> files, long inputBytes,
      Map<String, TextRecords.FileInfo> plans, int[] read, RecordsRead recordsRead, Broadcast<RowSet> only,
      RowHandler<T> handler) {
    Dataset<Row> frame = spark.read().parquet(files.toArray(String[]::new));
    // One plan serves every file: InputFiles builds it from the files' merged schema.
    ColumnPlan plan = plans.values().iterator().next().plan();
    int[] columnsRead = read != null ? read : java.util.stream.IntStream.range(0, plan.fileColumns.length).toArray();
    List<Column> columns = new ArrayList<>();
    // Named apart from any file column.
    columns.add(functions.col("_metadata.file_path").as("_coprod_file_path"));
    columns.add(functions.col("_metadata.row_index").as("_coprod_row_index"));
    for (int j : columnsRead) {
      String name = plan.fileColumns[j];
      columns.add(functions.col("`" + name.replace("`", "``") + "`"));
    }
    Dataset<Row> selected = frame.select(columns.toArray(Column[]::new));
    if (only != null) {
      // As a filter in the scan's generated code, which reads a row's other columns only when the
      // row passes: the second pass wants about one row in a hundred, and decoding every cell of
      // the others (each string a fresh copy out of its Parquet dictionary) was most of its cost.
      selected = selected.filter(wantedRows(plans, only).apply(selected.col("_coprod_file_path"),
          selected.col("_coprod_row_index")));
    }
    StructField[] fields = selected.schema().fields();
    DataType[] types = new DataType[columnsRead.length];
    for (int k = 0; k < types.length; k++) {
      types[k] = fields[k + 2].dataType();
    }
    int width = plan.fileColumns.length;
    String[] namesRead = new String[columnsRead.length];
    for (int k = 0; k < namesRead.length; k++) {
      namesRead[k] = plan.fileColumns[columnsRead[k]];
    }
    // The filtered scan of the second pass keeps Spark's rows: its filter runs in the plan.
    ScanRows scan = scanRows(spark, selected, inputBytes, only == null ? namesRead : null);
    ScanRows.Layout layout = scan.layout();
    return scan.read((index, input) -> {
      Cells cells = new Cells(input, layout.cells(), types, columnsRead, width);
      RowHandler<T> taskHandler = handler.forTask();
      return new Iterator<T>() {
        private long records;
        private boolean finished;
        private T next;
        // The file of the previous row and its plan: rows come file by file, and parsing the
        // path of every row (a Hadoop Path is a URI) cost more than reading its key.
        private UTF8String lastPath;
        private String lastFile;
        private TextRecords.FileInfo lastInfo;
        private long lastBatch;

        @Override
        public boolean hasNext() {
          while (next == null && input.next()) {
            // Spark reuses the row object: every value is taken out of it before the next.
            InternalRow row = input.row();
            // A batch's rows are all of one file: its path is compared once a batch.
            long batch = input.batch();
            if (batch == 0 || batch != lastBatch) {
              lastBatch = batch;
              UTF8String path = layout.path(row);
              if (!path.equals(lastPath)) {
                lastFile = path.toString();
                lastInfo = plans.get(TextRecords.key(new org.apache.hadoop.fs.Path(lastFile)));
                if (lastInfo == null) {
                  throw new IllegalStateException("no column plan for " + lastFile);
                }
                lastPath = path.clone();
              }
            }
            TextRecords.FileInfo info = lastInfo;
            long rowIndex = layout.rowIndex(row);
            if (rowIndex < 0) {
              throw new IllegalStateException("no row index for a row of " + lastFile);
            }
            // Only wanted rows come here when there is an `only`: the scan's filter picked them.
            long rowId = RecordParser.rowId(info.index(), rowIndex);
            records++;
            cells.nextRow();
            next = taskHandler.handle(info, lastFile, rowIndex + 1, rowId, cells);
          }
          if (next == null && !finished) {
            finished = true;
            taskHandler.finish();
            if (recordsRead != null) {
              recordsRead.add(new RecordsRead.Partition("parquet scan partition " + index, records));
            }
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
    });
  }

  /**
   * The cells of the reader's current row: their texts (as {@link RowHandler} takes them, made
   * when first asked for), or the cursor itself for a handler that reads the cells' values.
   */
  static final class Cells {
    private final ScanRows.Cursor cursor;
    private final int[] ordinals;
    private final DataType[] types;
    private final CellText[] cellTexts;
    /** Per file column, its place among the columns read, or -1. */
    private final int[] readAt;
    private final int width;
    private String[] texts;

    Cells(ScanRows.Cursor cursor, int[] ordinals, DataType[] types, int[] columnsRead, int width) {
      this.cursor = cursor;
      this.ordinals = ordinals;
      this.types = types;
      this.width = width;
      cellTexts = new CellText[types.length];
      for (int k = 0; k < types.length; k++) {
        cellTexts[k] = new CellText(types[k]);
      }
      readAt = new int[width];
      java.util.Arrays.fill(readAt, -1);
      for (int k = 0; k < columnsRead.length; k++) {
        readAt[columnsRead[k]] = k;
      }
    }

    void nextRow() {
      texts = null;
    }

    /** Every file column's text (null where a cell is missing or its column not read). */
    String[] texts() {
      if (texts == null) {
        texts = new String[width];
        InternalRow row = cursor.row();
        for (int j = 0; j < width; j++) {
          int k = readAt[j];
          texts[j] = k < 0 || row.isNullAt(ordinals[k]) ? null : cellTexts[k].of(cursor, ordinals[k]);
        }
      }
      return texts;
    }

    /** The text of file column {@code fileColumn}'s cell (read), or null when it is missing. */
    String text(int fileColumn) {
      if (texts != null) {
        return texts[fileColumn];
      }
      int k = readAt[fileColumn];
      return cursor.row().isNullAt(ordinals[k]) ? null : cellTexts[k].of(cursor, ordinals[k]);
    }

    ScanRows.Cursor cursor() {
      return cursor;
    }

    /** Where file column {@code fileColumn}'s cell is in the cursor's row, or -1 when it is not read. */
    int ordinal(int fileColumn) {
      int k = fileColumn < width ? readAt[fileColumn] : -1;
      return k < 0 ? -1 : ordinals[k];
    }

    /** The Spark type of file column {@code fileColumn} (read). */
    DataType type(int fileColumn) {
      return types[readAt[fileColumn]];
    }
  }

  private static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";

  /**
   * The rows of a scan ({@link ScanRows}: its columnar batches' rows when {@code columnar} names
   * the columns to find in them and the scan allows it, else the plan's rows), in partitions of
   * {@link #partitionBytes}, unless the session sets {@code spark.sql.files.maxPartitionBytes}
   * itself. The setting is read when the scan's partitions are made; it is set only around that.
   */
  private static ScanRows scanRows(SparkSession spark, Dataset<Row> scan, long inputBytes, String[] columnar) {
    int columns = scan.schema().size() - 2;
    return TemporarySettings.with(spark, Map.of(MAX_PARTITION_BYTES, Long.toString(partitionBytes(spark, inputBytes))),
        () -> {
          ScanRows batches = columnar == null ? null : ScanRows.columnar(scan, columnar);
          if (batches != null) {
            return batches;
          }
          org.apache.spark.rdd.RDD<InternalRow> rows = scan.queryExecution().toRdd();
          rows.partitions();
          return ScanRows.projected(rows, columns);
        });
  }

  /**
   * Bytes per scan partition: Spark's own choice ({@code FilePartition.maxSplitBytes}: the input
   * over the cores, within 4 MiB and 128 MiB) but over four times the cores. Why: a Parquet file
   * splits only at its row groups, and an exporter's file is often one row group; the usage files
   * at 1M citizens (ten of 51 MB) made five partitions on two cores, so the last of three waves ran
   * on one core (the usage main pass kept the two cores busy 86% of its time).
   */
  static long partitionBytes(SparkSession spark, long inputBytes) {
    long most = org.apache.spark.network.util.JavaUtils.byteStringAsBytes(
        spark.conf().get(MAX_PARTITION_BYTES, "128m"));
    long least = org.apache.spark.network.util.JavaUtils.byteStringAsBytes(
        spark.conf().get("spark.sql.files.openCostInBytes", "4m"));
    long perTask = inputBytes / (4L * Math.max(1, spark.sparkContext().defaultParallelism()));
    return Math.min(most, Math.max(least, perTask));
  }

  /** Whether the row at (file path, row index) is among {@code only}'s positions. */
  private static org.apache.spark.sql.expressions.UserDefinedFunction wantedRows(
      Map<String, TextRecords.FileInfo> plans, Broadcast<RowSet> only) {
    return functions.udf(new WantedRow(plans, only), DataTypes.BooleanType);
  }

  /** See {@link #wantedRows}; one instance per task, which remembers the file of the previous row. */
  private static final class WantedRow implements org.apache.spark.sql.api.java.UDF2<String, Long, Boolean> {
    private static final long serialVersionUID = 1L;
    private final Map<String, TextRecords.FileInfo> plans;
    private final Broadcast<RowSet> only;
    private transient String lastFile;
    private transient int lastIndex;

    WantedRow(Map<String, TextRecords.FileInfo> plans, Broadcast<RowSet> only) {
      this.plans = plans;
      this.only = only;
    }

    @Override
    public Boolean call(String file, Long rowIndex) {
      if (!file.equals(lastFile)) {
        TextRecords.FileInfo info = plans.get(TextRecords.key(new org.apache.hadoop.fs.Path(file)));
        if (info == null) {
          throw new IllegalStateException("no column plan for " + file);
        }
        lastIndex = info.index();
        lastFile = file;
      }
      // A row without an index passes, for the reader to report.
      return rowIndex == null || only.value().contains(RecordParser.rowId(lastIndex, rowIndex));
    }
  }

  /**
   * The text of a present cell from its internal value: the text {@link #text} gives for the
   * external value, without making one for the common types.
   */
  static final class CellText {
    /** 1583-01-01: from here on the external types' calendar and the proleptic Gregorian one agree. */
    private static final long FIRST_GREGORIAN_DAY = LocalDate.of(1583, 1, 1).toEpochDay();
    private enum Kind { STRING, INT, LONG, SHORT, BYTE, DOUBLE, FLOAT, BOOLEAN, DATE, TIMESTAMP, DECIMAL, OTHER }

    private final DataType type;
    private final Kind kind;
    private scala.Function1<Object, Object> external;
    private final RecentTexts recent = new RecentTexts();
    private final DictionaryTexts byId = new DictionaryTexts();

    CellText(DataType type) {
      this.type = type;
      this.kind = kind(type);
    }

    private static Kind kind(DataType type) {
      if (DataTypes.StringType.equals(type)) {
        return Kind.STRING; // the default collation only: another's external value is the same text
      }
      if (DataTypes.IntegerType.equals(type)) {
        return Kind.INT;
      }
      if (DataTypes.LongType.equals(type)) {
        return Kind.LONG;
      }
      if (DataTypes.ShortType.equals(type)) {
        return Kind.SHORT;
      }
      if (DataTypes.ByteType.equals(type)) {
        return Kind.BYTE;
      }
      if (DataTypes.DoubleType.equals(type)) {
        return Kind.DOUBLE;
      }
      if (DataTypes.FloatType.equals(type)) {
        return Kind.FLOAT;
      }
      if (DataTypes.BooleanType.equals(type)) {
        return Kind.BOOLEAN;
      }
      if (DataTypes.DateType.equals(type)) {
        return Kind.DATE;
      }
      if (DataTypes.TimestampType.equals(type)) {
        return Kind.TIMESTAMP;
      }
      if (type instanceof DecimalType) {
        return Kind.DECIMAL;
      }
      return Kind.OTHER;
    }

    /**
     * The text of the present cell at {@code ordinal} of the cursor's row: a string cell of a
     * dictionary-encoded batch vector by its dictionary id ({@link DictionaryTexts}).
     */
    String of(ScanRows.Cursor at, int ordinal) {
      if (kind == Kind.STRING && at.vector(ordinal) instanceof WritableColumnVector vector && vector.hasDictionary()) {
        return byId.text(at.batch(), vector, at.rowId(), recent);
      }
      return of(at.row(), ordinal);
    }

    /** How many cells took their text by dictionary id; for tests. */
    long byDictionaryId() {
      return byId.cells;
    }

    String of(InternalRow row, int ordinal) {
      return switch (kind) {
        case STRING -> recent.of(row.getUTF8String(ordinal));
        case INT -> Integer.toString(row.getInt(ordinal));
        case LONG -> Long.toString(row.getLong(ordinal));
        case SHORT -> Short.toString(row.getShort(ordinal));
        case BYTE -> Byte.toString(row.getByte(ordinal));
        case DOUBLE -> Double.toString(row.getDouble(ordinal));
        case FLOAT -> Float.toString(row.getFloat(ordinal));
        case BOOLEAN -> Boolean.toString(row.getBoolean(ordinal));
        case DATE -> row.getInt(ordinal) < FIRST_GREGORIAN_DAY ? externalText(row, ordinal)
            : LocalDate.ofEpochDay(row.getInt(ordinal)).toString();
        case TIMESTAMP -> row.getLong(ordinal) < FIRST_GREGORIAN_DAY * 86_400_000_000L ? externalText(row, ordinal)
            : ColumnSpec.timestampText(Math.floorDiv(row.getLong(ordinal), 1_000_000L));
        case DECIMAL -> {
          DecimalType decimal = (DecimalType) type;
          yield row.getDecimal(ordinal, decimal.precision(), decimal.scale()).toJavaBigDecimal().toPlainString();
        }
        case OTHER -> externalText(row, ordinal);
      };
    }

    /**
     * Through the external value, for rare types (timestamps without a zone, binary, nested
     * values) and for dates and instants before 1583, which the external java.sql types put on
     * the Julian calendar.
     */
    private String externalText(InternalRow row, int ordinal) {
      if (external == null) {
        external = CatalystTypeConverters.createToScalaConverter(type);
      }
      return text(external.apply(row.get(ordinal, type)));
    }
  }

  /**
   * The texts of a dictionary-encoded string column's values by their dictionary ids, while the
   * dictionary is the same ({@link DictionaryEpochs}). Why: Spark's vectorized reader gives such a
   * cell's bytes by copying them out of the dictionary (a new array each time); that copy was the
   * largest single item of usage's main pass at 1M citizens, Parquet input (11% of its samples),
   * for columns whose few values repeat on every row (channel, action, service, neighbourhood).
   * Here a value is decoded once per dictionary.
   */
  static final class DictionaryTexts {
    private String[] texts = new String[256];
    /** The epoch of the dictionary each text was found in; 0 (none) where none was. */
    private long[] epochOf = new long[256];
    private final DictionaryEpochs epochs = new DictionaryEpochs();
    /** Cells taken through this table, for tests. */
    private long cells;

    String text(long batch, WritableColumnVector vector, int rowId, RecentTexts recent) {
      int id = vector.getDictionaryIds().getInt(rowId);
      if (id >= texts.length) {
        int length = Math.max(id + 1, 2 * texts.length);
        texts = java.util.Arrays.copyOf(texts, length);
        epochOf = java.util.Arrays.copyOf(epochOf, length);
      }
      cells++;
      long epoch = epochs.of(batch, vector);
      if (epochOf[id] == epoch) {
        return texts[id];
      }
      String text = recent.of(vector.getUTF8String(rowId));
      texts[id] = text;
      epochOf[id] = epoch;
      return text;
    }
  }

  /**
   * The Java texts of a column's recent values, by the hash of their bytes (a small direct-mapped
   * table). Why: most of a column's cells repeat a recent value (a category among a few, an
   * account's identifier and neighbourhood on each of its consecutive events), and finding the
   * text made for it costs less than decoding the bytes again (the decoding was 5% of usage's
   * main pass at 1M citizens, Parquet input); the same text object then makes the memos after it
   * ({@link ReaderRowRules.TextMemo}, the pseudonyms) match at once. A column whose values seldom
   * repeat (an event identifier) stops using the table once {@link #TRIAL} of its cells have
   * missed it while fewer than a quarter as many found their text.
   */
  static final class RecentTexts {
    private static final int SLOTS = 64;
    private static final int TRIAL = 4096;
    private final UTF8String[] bytes = new UTF8String[SLOTS];
    private final String[] texts = new String[SLOTS];
    private int missed;
    private int found;
    private boolean off;

    /** The text of {@code value}, whose bytes may be reused by the reader once this returns. */
    String of(UTF8String value) {
      if (off) {
        return value.toString();
      }
      int slot = value.hashCode() & (SLOTS - 1);
      if (value.equals(bytes[slot])) {
        found++;
        return texts[slot];
      }
      if (++missed == TRIAL && found < TRIAL / 4) {
        off = true;
      }
      String text = value.toString();
      bytes[slot] = value.clone(); // the reader's buffer changes under value
      texts[slot] = text;
      return text;
    }

    /** Whether the table is no longer used. */
    boolean off() {
      return off;
    }
  }

  /**
   * The text of an external value: the contract's forms for dates, instants and decimals, bytes
   * as UTF-8, else its own.
   */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return ColumnSpec.timestampText(timestamp.toInstant().getEpochSecond());
    }
    if (value instanceof Instant instant) {
      return ColumnSpec.timestampText(instant.getEpochSecond());
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      // Binary without the string annotation, as older writers store text.
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return value.toString();
  }
}
