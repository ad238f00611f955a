package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** {@link SparkSessions#reuseCompiledClasses}: its settings, unless the configuration gives its own. */
class SparkSessionsTest {

  @Test
  void compiledClassesAreSharedAndKeptUnlessConfigured() {
    assertThat(SparkSessions.compiledClassSettings(new SparkConf(false)))
        .containsEntry("spark.sql.artifact.isolation.enabled", "false")
        .containsEntry("spark.sql.codegen.cache.maxEntries", "1000")
        .hasSize(2);
  }

  @Test
  void theUsersSettingsStay() {
    SparkConf given = new SparkConf(false).set("spark.sql.artifact.isolation.enabled", "true")
        .set("spark.sql.codegen.cache.maxEntries", "50");
    assertThat(SparkSessions.compiledClassSettings(given)).isEmpty();
    assertThat(SparkSessions.compiledClassSettings(new SparkConf(false).set("spark.sql.codegen.cache.maxEntries", "50")))
        .containsOnlyKeys("spark.sql.artifact.isolation.enabled");
  }
}
