package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SortExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * The cross-row rules of a source without the links window or a reference join (here the
 * survey, unique key respondent_id and wave) shuffle its rows once, by the key, and sort them
 * once: the exact-duplicate rank, the versions of a key and the conflict all come from that
 * one sort.
 */
@SparkTest
class IngestPlanTest {

  @Test
  void duplicatesAndConflictsShuffleAndSortOnce(SparkSession spark) {
    SourceContract contract = Contracts.SURVEY;
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Object[] values = new Object[RecordParser.schema(contract).size()];
      values[0] = "file:/in/survey/part-0.csv";
      values[1] = (long) i + 1;
      values[2] = (long) i * 100;
      values[6] = false;
      values[8] = (long) i;
      values[9] = 0L;
      rows.add(RowFactory.create(values));
    }
    Dataset<Row> raw = spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2), RecordParser.schema(contract));
    Dataset<Row> validated = CrossRowRules.apply(
        RowRules.apply(raw, contract, new InputSpec("survey", "unused", InputSpec.Format.CSV, ",")), contract,
        List.of(), Map.of());
    SparkPlan plan = validated.queryExecution().executedPlan();
    List<SparkPlan> nodes = new ArrayList<>();
    collect(plan, nodes);
    assertThat(nodes.stream().filter(p -> p instanceof ShuffleExchangeExec)).as(plan.toString()).hasSize(1);
    assertThat(nodes.stream().filter(p -> p instanceof SortExec)).as(plan.toString()).hasSize(1);
    assertThat(validated.count()).isEqualTo(3);
  }

  private static void collect(SparkPlan plan, List<SparkPlan> nodes) {
    nodes.add(plan);
    scala.collection.Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      collect(children.next(), nodes);
    }
  }
}
