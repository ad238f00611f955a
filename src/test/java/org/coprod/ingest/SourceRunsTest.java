package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceRuns}: a source runs after the sources it references and beside the others, in a
 * copy of the session; the first failure is thrown as it was, once every other source has ended,
 * the running ones' jobs cancelled and no source started after it.
 */
@SparkTest
class SourceRunsTest {

  private static final Map<String, List<String>> REFERENCES = Map.of(
      "neighbourhoods", List.of("municipalities"),
      "survey", List.of("neighbourhoods"),
      "links", List.of("survey"),
      "usage", List.of("neighbourhoods"));

  @Test
  void aSourceRunsAfterItsReferencesAndBesideTheOthers(SparkSession spark) {
    List<String> events = new CopyOnWriteArrayList<>();
    Map<String, Boolean> ownSession = new ConcurrentHashMap<>();
    // Usage and the survey both wait here: they meet only if they run at once.
    CountDownLatch bothStarted = new CountDownLatch(2);
    Map<String, Boolean> met = new ConcurrentHashMap<>();
    Map<String, SourceRuns.Run> runs = new LinkedHashMap<>();
    for (String source : List.of("municipalities", "neighbourhoods", "survey", "links", "usage")) {
      runs.put(source, session -> {
        events.add("start " + source);
        ownSession.put(source, session != spark);
        session.conf().set("spark.coprod.test.sourceRuns", source);
        assertThat(session.range(10).count()).isEqualTo(10);
        if (source.equals("survey") || source.equals("usage")) {
          bothStarted.countDown();
          try {
            met.put(source, bothStarted.await(60, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        events.add("end " + source);
      });
    }

    SourceRuns.runAll(spark, runs, REFERENCES);

    assertThat(events).hasSize(10);
    for (Map.Entry<String, List<String>> source : REFERENCES.entrySet()) {
      for (String referenced : source.getValue()) {
        assertThat(events.indexOf("end " + referenced)).as(source.getKey() + " after " + referenced)
            .isLessThan(events.indexOf("start " + source.getKey()));
      }
    }
    assertThat(met).containsEntry("survey", true).containsEntry("usage", true);
    assertThat(ownSession.values()).containsOnly(true);
    assertThat(spark.conf().contains("spark.coprod.test.sourceRuns")).as("the ingest's session untouched").isFalse();
  }

  @Test
  void theFirstFailureIsThrownOnceTheOthersHaveEnded(SparkSession spark) {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch usageJobRunning = new CountDownLatch(1);
    Map<String, SourceRuns.Run> runs = new LinkedHashMap<>();
    runs.put("municipalities", session -> events.add("end municipalities"));
    runs.put("neighbourhoods", session -> events.add("end neighbourhoods"));
    runs.put("survey", session -> {
      try {
        usageJobRunning.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("the survey's write failed");
    });
    runs.put("links", session -> events.add("start links"));
    runs.put("slow", session -> {
      // Until usage's job has ended, whichever way (were it not cancelled, this must not wait for ever).
      while (events.stream().noneMatch(event -> event.startsWith("usage job "))) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    // Its turn comes after the failure (once usage's job has been cancelled): it must not start.
    runs.put("late", session -> events.add("start late"));
    runs.put("usage", session -> {
      try {
        // A job that would take minutes: its tasks sleep until cancelled.
        session.range(0, 2, 1, 2).foreach((org.apache.spark.api.java.function.ForeachFunction<Long>) id -> {
          usageJobRunningFlag();
          Thread.sleep(120_000);
        });
        events.add("usage job completed");
      } catch (Exception e) { // Spark's SparkException, thrown undeclared
        events.add("usage job ended: " + e.getClass().getSimpleName());
        throw new IllegalStateException("usage's job", e);
      }
    });
    Thread releaser = new Thread(() -> {
      // The survey fails once usage's tasks are running (local mode: the flag is in this JVM).
      while (!USAGE_TASK_RUNNING.get()) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
      usageJobRunning.countDown();
    });
    releaser.setDaemon(true);
    releaser.start();

    Map<String, List<String>> references = new java.util.HashMap<>(REFERENCES);
    references.put("late", List.of("slow"));
    assertThatThrownBy(() -> SourceRuns.runAll(spark, runs, references))
        .isInstanceOf(IllegalStateException.class).hasMessage("the survey's write failed");

    assertThat(events).contains("end municipalities", "end neighbourhoods")
        .doesNotContain("start links", "start late", "usage job completed")
        .anyMatch(event -> event.startsWith("usage job ended: "));
  }

  private static final java.util.concurrent.atomic.AtomicBoolean USAGE_TASK_RUNNING =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static void usageJobRunningFlag() {
    USAGE_TASK_RUNNING.set(true);
  }
}
