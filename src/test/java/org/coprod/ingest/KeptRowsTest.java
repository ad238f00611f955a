package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Kept rows are the validating query's rows, computed once, behind a plan of one node, and freed on release. */
@SparkTest
class KeptRowsTest {

  @Test
  void theRowsAreComputedOnceAndEveryLaterQueryReadsThem(SparkSession spark) {
    LongAccumulator computed = JavaSparkContext.fromSparkContext(spark.sparkContext()).sc()
        .longAccumulator("rows computed");
    // Counts every row the query computes: a query that recomputed the rows would count them again.
    var counted = udf((UDF1<Long, Long>) id -> {
      computed.add(1);
      return id;
    }, DataTypes.LongType).asNondeterministic();
    Dataset<Row> validated = spark.range(0, 10_000, 1, 3)
        .select(counted.apply(col("id")).as("id"), concat(lit("text "), col("id").cast("string")).as("text"))
        .filter(col("id").mod(7).notEqual(0))
        .repartition(col("id"));

    Dataset<Row> kept = KeptRows.of(validated);
    try {
      assertThat(kept.queryExecution().logical()).isInstanceOf(LogicalRDD.class);
      assertThat(kept.schema()).isEqualTo(validated.schema());
      long rows = kept.count();
      assertThat(rows).isEqualTo(10_000 - (10_000 + 6) / 7);
      // Every row a copy of its own: a kept reused row would show one row's values many times.
      List<Row> all = kept.orderBy("id").collectAsList();
      assertThat(all).hasSize((int) rows);
      assertThat(all.stream().map(row -> row.getString(1)).distinct().count()).isEqualTo(rows);
      assertThat(all.get(0).getLong(0)).isEqualTo(1L);
      assertThat(all.get(0).getString(1)).isEqualTo("text 1");
      assertThat(kept.filter(col("id").gt(9_990)).count()).isEqualTo(8);
      assertThat(computed.value()).as("rows computed, over three queries").isEqualTo(10_000L);
    } finally {
      KeptRows.release(kept);
    }
    LogicalRDD plan = (LogicalRDD) kept.queryExecution().logical();
    assertThat(spark.sparkContext().getPersistentRDDs().contains(plan.rdd().id())).isFalse();
  }
}
