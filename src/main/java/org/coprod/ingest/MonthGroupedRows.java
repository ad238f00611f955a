package org.coprod.ingest;

import java.io.IOException;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NullsFirst$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.UnsafeExternalRowSorter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.collection.unsafe.sort.PrefixComparators;
import org.apache.spark.util.collection.unsafe.sort.RecordComparator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Usage's clean rows, each task's sorted by their month text, as a Dataset whose plan says so,
 * so that the write partitioned by month does not sort them again.
 *
 * <p>Why: Spark sorts a partitioned write's rows by the partition column, and for a text column
 * it cannot trust its 8-byte sort prefix to decide the order, so every pair of rows of the same
 * month (nearly every comparison) is compared again as text in a TimSort: 9% of the usage main
 * pass's samples at 1M citizens. A month text here is always {@code yyyy-MM} (the reader rules
 * accept four-digit years only), seven bytes, so its prefix decides the order exactly, and
 * Spark's own sorter radix-sorts the prefixes (memory managed and spilling, as in any sort).
 *
 * <p>Uses Spark internals ({@link LogicalRDD} with an output ordering, {@link
 * UnsafeExternalRowSorter}, {@code Dataset.ofRows}), as the rest of the direct path does. The
 * month column must be non-null: a nullable text partition column makes the planned write
 * rewrite it (empty text to null), which hides the ordering.
 */
final class MonthGroupedRows {

  /** The longest month text whose sort prefix decides its order: the prefix holds eight bytes. */
  private static final int MOST_PREFIX_BYTES = 8;

  private MonthGroupedRows() {}

  /**
   * The rows, sorted by {@code month} within each partition, as a Dataset of {@code schema}.
   *
   * @param schema the rows' schema, with a non-null text column {@code month}
   * @throws IllegalArgumentException when {@code month} is missing, not text or nullable
   */
  static Dataset<Row> of(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema, String month) {
    int ordinal = schema.fieldIndex(month);
    StructField field = schema.fields()[ordinal];
    if (!DataTypes.StringType.equals(field.dataType()) || field.nullable()) {
      throw new IllegalArgumentException("month column " + field + " must be non-null text");
    }
    // Spark's own switch for its sorts; off, the prefixes are compared one pair at a time.
    boolean radix = Boolean.parseBoolean(spark.conf().get("spark.sql.sort.enableRadixSort", "true").trim());
    JavaRDD<InternalRow> sorted = rows.mapPartitions(partition -> sortedByMonth(partition, schema, ordinal, radix),
        true);
    // A Seq of AttributeReference is a Seq of Attribute in Scala (Seq is covariant); Java needs the cast.
    @SuppressWarnings("unchecked")
    scala.collection.immutable.Seq<Attribute> output =
        (scala.collection.immutable.Seq<Attribute>) (Object) DataTypeUtils.toAttributes(schema);
    SortOrder byMonth = new SortOrder(output.apply(ordinal), Ascending$.MODULE$, NullsFirst$.MODULE$,
        scala.collection.immutable.List$.MODULE$.empty());
    org.apache.spark.sql.classic.SparkSession session = (org.apache.spark.sql.classic.SparkSession) spark;
    LogicalRDD plan = new LogicalRDD(output, sorted.rdd(), new UnknownPartitioning(0),
        CollectionConverters.asScala(java.util.List.of(byMonth)).toList(), false, scala.Option.empty(), session,
        scala.Option.empty(), scala.Option.empty());
    return org.apache.spark.sql.classic.Dataset.ofRows(session, plan);
  }

  /** One task's rows in month order: a sort of the month texts' prefixes (a radix sort unless {@code radix} is false). */
  private static Iterator<InternalRow> sortedByMonth(Iterator<InternalRow> rows, StructType schema, int ordinal,
      boolean radix) throws IOException {
    UnsafeExternalRowSorter sorter = UnsafeExternalRowSorter.createWithRecordComparator(schema,
        SameMonth::new, PrefixComparators.STRING, new MonthPrefix(ordinal), SparkEnv.get().memoryManager().pageSizeBytes(),
        radix);
    UnsafeProjection toUnsafe = UnsafeProjection.create(schema);
    // The reader rules' rows are unsafe already (ReaderRowRules#typed); the sorter copies each.
    scala.collection.Iterator<org.apache.spark.sql.catalyst.expressions.UnsafeRow> unsafe =
        CollectionConverters.asScala(rows).map(row -> row instanceof org.apache.spark.sql.catalyst.expressions.UnsafeRow
            already ? already : toUnsafe.apply(row));
    return CollectionConverters.asJava(sorter.sort(unsafe));
  }

  /** The month text's first eight bytes, which are all of it. */
  private static final class MonthPrefix extends UnsafeExternalRowSorter.PrefixComputer {
    private final int ordinal;
    private final Prefix prefix = new Prefix();

    MonthPrefix(int ordinal) {
      this.ordinal = ordinal;
    }

    @Override
    public Prefix computePrefix(InternalRow row) {
      UTF8String month = row.getUTF8String(ordinal);
      if (month.numBytes() > MOST_PREFIX_BYTES) {
        // Never from the reader rules; were it to happen, months sharing a prefix could interleave.
        throw new IllegalStateException("month text '" + month + "' is longer than " + MOST_PREFIX_BYTES + " bytes");
      }
      prefix.isNull = false;
      prefix.value = month.getPrefix();
      return prefix;
    }
  }

  /**
   * Orders records whose prefixes are equal (when spilled runs are merged, or without the radix
   * sort): equal prefixes are the same month here, so such records are equal.
   */
  private static final class SameMonth extends RecordComparator {
    @Override
    public int compare(Object left, long leftOffset, int leftLength, Object right, long rightOffset, int rightLength) {
      return 0;
    }
  }
}
