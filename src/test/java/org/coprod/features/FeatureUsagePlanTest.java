package org.coprod.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.BaseAggregateExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The events are shuffled once, by account, on their way to the per-interview aggregate: the
 * aggregation groups by (account, respondent, wave), which the join's partitioning by account
 * already satisfies. Checked on the physical plan with broadcast joins off (as at scale, where
 * the linked interviews are too large to broadcast).
 */
@SparkTest
class FeatureUsagePlanTest {

  @Test
  void eventsAreShuffledOnceBeforeTheyAreAggregated(SparkSession spark) {
    String threshold = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      FeatureInputs inputs = FeatureFixtures.standard(spark);
      SparkPlan plan = UsageFeatures.linked(inputs.survey(), inputs.usage().orElseThrow(), inputs.links().orElseThrow(), 365)
          .queryExecution().executedPlan();
      List<SparkPlan> path = pathToEvents(plan).orElseThrow(() -> new AssertionError("no event scan in\n" + plan));
      int topAggregate = -1;
      for (int i = 0; i < path.size(); i++) {
        if (path.get(i) instanceof BaseAggregateExec) {
          topAggregate = i;
        }
      }
      assertThat(topAggregate).as("aggregate over the events in\n" + plan).isNotNegative();
      long exchanges = path.subList(topAggregate, path.size()).stream().filter(p -> p instanceof ShuffleExchangeExec).count();
      assertThat(exchanges).as("exchanges between the event scan and the per-interview aggregate in\n" + plan).isEqualTo(1);
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  /** Nodes from {@code node} down to the scan that produces the events (the one with the {@code service} column, which only the events have). */
  private static Optional<List<SparkPlan>> pathToEvents(SparkPlan node) {
    List<SparkPlan> children = CollectionConverters.asJava(node.children());
    if (children.isEmpty()) {
      boolean events = CollectionConverters.asJava(node.output()).stream().anyMatch(a -> a.name().equals("service"));
      return events ? Optional.of(new ArrayList<>(List.of(node))) : Optional.empty();
    }
    for (SparkPlan child : children) {
      Optional<List<SparkPlan>> below = pathToEvents(child);
      if (below.isPresent()) {
        below.get().add(0, node);
        return below;
      }
    }
    return Optional.empty();
  }
}
