package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.WriteFilesExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.apache.spark.unsafe.types.UTF8String;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MonthGroupedRows}: every row comes out, each partition's in month order, and a write
 * partitioned by month plans no sort of its own (while the same rows without the declared order
 * get one, which shows that the check can see a sort).
 */
@SparkTest
class MonthGroupedRowsTest {

  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("id", DataTypes.IntegerType, true, org.apache.spark.sql.types.Metadata.empty()),
      new StructField("month", DataTypes.StringType, false, org.apache.spark.sql.types.Metadata.empty())});
  private static final String[] MONTHS = {"2024-10", "1999-12", "2024-01", "9999-12", "2024-02", "1900-01", "2200-01"};

  @Test
  void everyRowComesOutAndEachPartitionInMonthOrder(SparkSession spark) {
    List<String> input = rows(3000);
    Dataset<Row> grouped = MonthGroupedRows.of(spark, internal(spark, input, 3), SCHEMA, "month");

    List<List<Row>> partitions = grouped.javaRDD().glom().collect();
    assertThat(partitions).hasSize(3);
    List<String> output = new ArrayList<>();
    for (List<Row> partition : partitions) {
      List<String> months = partition.stream().map(row -> row.getString(1)).toList();
      assertThat(months).isSorted();
      assertThat(months.stream().distinct().count()).isGreaterThan(3);
      partition.forEach(row -> output.add(row.getInt(0) + " " + row.getString(1)));
    }
    assertThat(output).containsExactlyInAnyOrderElementsOf(input);
  }

  @Test
  void withoutTheRadixSortTheOrderIsTheSame(SparkSession spark) {
    List<String> input = rows(2000);
    Dataset<Row> grouped = TemporarySettings.with(spark, java.util.Map.of("spark.sql.sort.enableRadixSort", "false"),
        () -> MonthGroupedRows.of(spark, internal(spark, input, 2), SCHEMA, "month"));
    List<String> output = new ArrayList<>();
    for (List<Row> partition : grouped.javaRDD().glom().collect()) {
      assertThat(partition.stream().map(row -> row.getString(1)).toList()).isSorted();
      partition.forEach(row -> output.add(row.getInt(0) + " " + row.getString(1)));
    }
    assertThat(output).containsExactlyInAnyOrderElementsOf(input);
  }

  @Test
  void aWriteByMonthPlansNoSortOfItsOwn(SparkSession spark, @TempDir Path dir) throws Exception {
    List<String> input = rows(500);
    Dataset<Row> grouped = MonthGroupedRows.of(spark, internal(spark, input, 2), SCHEMA, "month");
    SparkPlan written = writePlan(spark, () -> grouped.write().partitionBy("month").parquet(dir + "/grouped"));
    assertThat(written.find(node -> node instanceof WriteFilesExec).isDefined()).isTrue();
    assertThat(written.find(node -> node instanceof SortExec).isDefined()).as(written.treeString()).isFalse();

    Dataset<Row> unordered = ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(
        internal(spark, input, 2).rdd(), SCHEMA, false);
    SparkPlan sorted = writePlan(spark, () -> unordered.write().partitionBy("month").parquet(dir + "/unordered"));
    assertThat(sorted.find(node -> node instanceof SortExec).isDefined()).as(sorted.treeString()).isTrue();

    List<String> readBack = spark.read().parquet(dir + "/grouped").collectAsList().stream()
        .map(row -> row.getInt(row.fieldIndex("id")) + " " + row.getString(row.fieldIndex("month"))).toList();
    assertThat(readBack).containsExactlyInAnyOrderElementsOf(input);
  }

  @Test
  void aNullableOrNonTextMonthIsRefused(SparkSession spark) {
    JavaRDD<InternalRow> none = JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD();
    StructType nullable = new StructType().add("id", DataTypes.IntegerType).add("month", DataTypes.StringType, true);
    StructType numeric = new StructType().add("id", DataTypes.IntegerType).add("month", DataTypes.IntegerType, false);
    assertThatThrownBy(() -> MonthGroupedRows.of(spark, none, nullable, "month"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-null text");
    assertThatThrownBy(() -> MonthGroupedRows.of(spark, none, numeric, "month"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-null text");
  }

  @Test
  void aMonthTextLongerThanItsSortPrefixFailsRatherThanInterleaves(SparkSession spark) {
    List<String> input = List.of("1 2024-01", "2 294247-01", "3 294247-02");
    Dataset<Row> grouped = MonthGroupedRows.of(spark, internal(spark, input, 1), SCHEMA, "month");
    assertThatThrownBy(grouped::collectAsList).hasStackTraceContaining("longer than 8 bytes");
  }

  /** "id month" texts, months drawn from {@link #MONTHS}. */
  private static List<String> rows(int count) {
    Random random = new Random(7);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(i + " " + MONTHS[random.nextInt(MONTHS.length)]);
    }
    return rows;
  }

  private static JavaRDD<InternalRow> internal(SparkSession spark, List<String> rows, int partitions) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions).map(text -> {
      String[] parts = text.split(" ");
      return (InternalRow) new GenericInternalRow(new Object[] {Integer.parseInt(parts[0]),
          UTF8String.fromString(parts[1])});
    });
  }

  /** The executed plan of the write that {@code write} runs. */
  private static SparkPlan writePlan(SparkSession spark, Runnable write) throws Exception {
    AtomicReference<SparkPlan> plan = new AtomicReference<>();
    QueryExecutionListener listener = new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        if (qe.executedPlan().find(node -> node instanceof WriteFilesExec).isDefined()) {
          plan.set(qe.executedPlan());
        }
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
    };
    spark.listenerManager().register(listener);
    try {
      write.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    assertThat(plan.get()).as("the write's plan").isNotNull();
    return plan.get();
  }
}
