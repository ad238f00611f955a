package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * {@link KeysPasses}: each source's pass gives its own result, runs its jobs under its source's
 * description, in a copy of the session whose settings the ingest's session does not see; a
 * pass's failure reaches the source that waits for it.
 */
@SparkTest
class KeysPassesTest {

  @Test
  void passesRunAheadInACopyOfTheSession(SparkSession spark) {
    Set<String> descriptions = ConcurrentHashMap.newKeySet();
    IngestDirectPathTest.withJobs(spark, descriptions, () -> {
      try (KeysPasses passes = new KeysPasses(spark)) {
        passes.start("survey", session -> {
          session.conf().set("spark.coprod.test.keysPass", "set in the pass");
          long repeated = session.range(100).selectExpr("id % 90 as key").groupBy("key").count()
              .filter("count > 1").count();
          return Optional.of(RowSet.of(new long[] {repeated}));
        });
        passes.start("usage", session -> Optional.empty());
        assertThat(passes.started("survey")).isTrue();
        assertThat(passes.started("links")).isFalse();
        assertThat(passes.repeatedKeys("survey")).hasValueSatisfying(keys -> assertThat(keys.contains(10)).isTrue());
        assertThat(passes.repeatedKeys("usage")).isEmpty();
        assertThatThrownBy(() -> passes.repeatedKeys("links")).isInstanceOf(IllegalStateException.class);
      }
      return null;
    });
    assertThat(spark.conf().contains("spark.coprod.test.keysPass")).as("the ingest's session").isFalse();
    assertThat(descriptions).contains("ingest survey: repeated keys");
  }

  @Test
  void aFailedPassFailsItsSource(SparkSession spark) {
    try (KeysPasses passes = new KeysPasses(spark)) {
      passes.start("usage", session -> {
        throw new IllegalStateException("unreadable file");
      });
      assertThatThrownBy(() -> passes.repeatedKeys("usage")).isInstanceOf(IllegalStateException.class)
          .hasMessage("unreadable file");
    }
    assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).as("this thread's").isNull();
  }
}
