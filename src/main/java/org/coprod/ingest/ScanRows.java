package org.coprod.ingest;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of a Parquet scan that selects {@code _metadata.file_path}, {@code _metadata.row_index}
 * and file columns (see {@link ParquetRecords}), and where in each row those are.
 *
 * <p>Where it can, it reads the scan's columnar batches itself and hands out each batch's rows as
 * views over its column vectors ({@link #columnar}). Why: Spark's own plan copies every row of a
 * batch into a new row of its internal form, for the select of the file path and row index,
 * before the reader takes its texts out: at 1M citizens, writing those rows (their texts and
 * null bits) was 8% of the samples of usage's main pass (Parquet input), and each is read once.
 * Where the scan is not columnar (the vectorized reader off, a type it cannot read) or the plan
 * is not the one expected, the plan's own rows ({@link #projected}).
 *
 * <p>This leans on Spark internals (the executed plan's node classes, the scan's columnar
 * execution, how it marks its metadata fields); ScanRowsTest compares the two ways' records and
 * would catch a Spark version that changes them.
 *
 * @param rows the plan's rows, or null when the batches are read
 * @param batches the scan's columnar batches, or null when the plan's rows are read
 * @param layout where the file path, row index and file columns are in them
 */
record ScanRows(JavaRDD<InternalRow> rows, JavaRDD<ColumnarBatch> batches, Layout layout) {

  /** Metadata keys Spark marks a scan's metadata fields with (FileSourceMetadataAttribute). */
  private static final String FILE_SOURCE_METADATA = "__file_source_metadata_col";
  private static final String METADATA_FIELD = "__metadata_col";

  /**
   * Where a row's values are.
   *
   * @param path the file path's ordinal
   * @param rowIndex the row index's ordinal
   * @param cells per column selected, its ordinal
   */
  record Layout(int path, int rowIndex, int[] cells) implements Serializable {

    UTF8String path(InternalRow row) {
      return row.getUTF8String(path);
    }

    /** The row index (from 0), or -1 when the row has none. */
    long rowIndex(InternalRow row) {
      return row.isNullAt(rowIndex) ? -1 : row.getLong(rowIndex);
    }
  }

  /** The plan's own rows of {@code selected}, whose first two values are the file path and row index. */
  static ScanRows projected(org.apache.spark.rdd.RDD<InternalRow> rows, int columns) {
    int[] cells = new int[columns];
    for (int k = 0; k < columns; k++) {
      cells[k] = k + 2;
    }
    return new ScanRows(rows.toJavaRDD(), null, new Layout(0, 1, cells));
  }

  /**
   * One partition's rows, one at a time: the row, and where the scan's batches are read, the
   * batch's column vectors and the row's place in them. Every value is taken out of a row before
   * the next: Spark reuses the row, and the reader fills the vectors again for the next batch.
   */
  interface Cursor {
    /** Moves to the next row; false when there is none. */
    boolean next();

    InternalRow row();

    /** The current batch's vector at {@code ordinal}, or null when the rows are the plan's. */
    ColumnVector vector(int ordinal);

    /** The row's place in its batch's vectors. */
    int rowId();

    /** A number that changes with each batch, from 1 (0 on the plan's rows). */
    long batch();
  }

  /** What a task makes of its partition's rows. */
  interface PartitionReader<T> extends Serializable {
    java.util.Iterator<T> read(int partition, Cursor rows);
  }

  /** What {@code reader} makes of each partition's rows. */
  <T> JavaRDD<T> read(PartitionReader<T> reader) {
    return batches != null
        ? batches.mapPartitionsWithIndex((index, input) -> reader.read(index, new BatchCursor(input)), true)
        : rows.mapPartitionsWithIndex((index, input) -> reader.read(index, new RowCursor(input)), true);
  }

  private static final class RowCursor implements Cursor {
    private final java.util.Iterator<InternalRow> input;
    private InternalRow row;

    RowCursor(java.util.Iterator<InternalRow> input) {
      this.input = input;
    }

    @Override
    public boolean next() {
      row = input.hasNext() ? input.next() : null;
      return row != null;
    }

    @Override
    public InternalRow row() {
      return row;
    }

    @Override
    public ColumnVector vector(int ordinal) {
      return null;
    }

    @Override
    public int rowId() {
      return -1;
    }

    @Override
    public long batch() {
      return 0;
    }
  }

  private static final class BatchCursor implements Cursor {
    private final java.util.Iterator<ColumnarBatch> input;
    private ColumnarBatch batch;
    private long batches;
    private int rowId;
    private InternalRow row;

    BatchCursor(java.util.Iterator<ColumnarBatch> input) {
      this.input = input;
    }

    @Override
    public boolean next() {
      if (batch != null && rowId + 1 < batch.numRows()) {
        row = batch.getRow(++rowId);
        return true;
      }
      // The next batch is asked for only once every row of this one is done with.
      while (input.hasNext()) {
        batch = input.next();
        batches++;
        if (batch.numRows() > 0) {
          rowId = 0;
          row = batch.getRow(0);
          return true;
        }
      }
      batch = null;
      row = null;
      return false;
    }

    @Override
    public InternalRow row() {
      return row;
    }

    @Override
    public ColumnVector vector(int ordinal) {
      return batch.column(ordinal);
    }

    @Override
    public int rowId() {
      return rowId;
    }

    @Override
    public long batch() {
      return batches;
    }
  }

  /**
   * The rows of the columnar scan under {@code selected}, or null when its plan is not a select
   * of a single columnar Parquet scan with the file path, the row index and every one of
   * {@code columnNames}.
   * Call it where the scan's partitions may be made (they are made here).
   */
  static ScanRows columnar(Dataset<Row> selected, String[] columnNames) {
    SparkPlan plan = selected.queryExecution().executedPlan();
    scala.collection.immutable.Seq<SparkPlan> leaves = plan.collectLeaves();
    if (!plainSelect(plan) || leaves.size() != 1 || !(leaves.head() instanceof FileSourceScanExec scan)
        || !scan.supportsColumnar() || !scan.dataFilters().isEmpty() || !scan.partitionFilters().isEmpty()) {
      return null;
    }
    // The scan's output: the file columns read, then the metadata fields asked for, flat, each
    // marked in its metadata (Spark's FileSourceMetadataAttribute) with the field it is.
    Map<String, Integer> ordinals = new java.util.HashMap<>();
    int path = -1;
    int rowIndex = -1;
    scala.collection.Iterator<Attribute> output = scan.output().iterator();
    for (int i = 0; output.hasNext(); i++) {
      Attribute attribute = output.next();
      org.apache.spark.sql.types.Metadata metadata = attribute.metadata();
      if (metadata.contains(FILE_SOURCE_METADATA) && metadata.contains(METADATA_FIELD)) {
        String field = metadata.getString(METADATA_FIELD);
        path = field.equals("file_path") ? i : path;
        rowIndex = field.equals("row_index") ? i : rowIndex;
      } else if (ordinals.put(attribute.name(), i) != null) {
        return null; // two columns of one name: which is which is not for this class to guess
      }
    }
    int[] cells = new int[columnNames.length];
    for (int k = 0; k < cells.length; k++) {
      Integer ordinal = ordinals.get(columnNames[k]);
      if (ordinal == null) {
        return null;
      }
      cells[k] = ordinal;
    }
    if (path < 0 || rowIndex < 0) {
      return null;
    }
    // The batch's rows are views over its vectors, which the reader fills again for the next
    // batch: every row is used up before the next is asked for (see BatchCursor).
    JavaRDD<ColumnarBatch> batches = scan.executeColumnar().toJavaRDD();
    batches.partitions();
    return new ScanRows(null, batches, new Layout(path, rowIndex, cells));
  }

  /**
   * Whether a plan only selects columns of a scan: each of its batches' rows is then a row of the
   * plan. A filter or anything else in it, and the batches would hold rows the plan drops.
   */
  private static boolean plainSelect(SparkPlan node) {
    if (!(node instanceof WholeStageCodegenExec || node instanceof InputAdapter || node instanceof ProjectExec
        || node instanceof ColumnarToRowExec || node instanceof FileSourceScanExec)) {
      return false;
    }
    scala.collection.Iterator<SparkPlan> children = node.children().iterator();
    while (children.hasNext()) {
      if (!plainSelect(children.next())) {
        return false;
      }
    }
    return true;
  }
}
