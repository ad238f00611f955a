package org.coprod.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the ingest's pieces of work (each source's ingest, and each referenced source's known
 * keys, {@link KnownKeysPass}) each as soon as those it waits for are done, each in a thread and
 * a copy of the session of its own ({@code cloneSession}, as {@link KeysPasses} does: the ingest
 * sets session settings around its work). A source waits only for the keys it references, so
 * usage is validated while the survey, links and the small sources are.
 *
 * <p>Why: a source's work leaves the cores idle for part of its time: the driver plans and
 * collects between jobs, and the small sources' and second passes' stages have one or two tasks.
 * At 1M citizens, Parquet input, one source after another, the survey and links took 9.9 s of a
 * 41.6 s run while their tasks' CPU time was about 9 of those 19.8 core-seconds; over a warm run
 * the two cores had no task for 12.3-28.9 core-seconds (median 20.3 of 16 runs), and for 9.4-13.3
 * (median 10.8 of 8) with usage beside the survey and links (BENCHMARKS.md, "Sources side by
 * side"). Spark runs jobs first in, first served: a job's
 * tasks wait for the cores that the jobs before it leave.
 *
 * <p>If one source fails, the jobs of every other are cancelled, no source starts after it, and
 * each thread is waited for before the failure is thrown, so that nothing still writes when the
 * ingest cleans up.
 */
final class SourceRuns {

  /** One piece of work (a source's ingest, or its known keys), in the session given. */
  interface Run {
    void run(SparkSession session);
  }

  private SourceRuns() {}

  /**
   * Runs every {@code run}, each after those it {@code waitsFor} (names not among {@code runs}
   * are not waited for), and returns when all are done.
   *
   * @param runs by name, in an order where a run comes after those it waits for
   * @param waitsFor by name, the runs it waits for
   * @throws RuntimeException the first failure of a run, as it was thrown (whatever its class)
   */
  static void runAll(SparkSession spark, Map<String, Run> runs, Map<String, List<String>> waitsFor) {
    String group = "coprod-ingest-" + UUID.randomUUID();
    ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, runs.size()), runnable -> {
      Thread worker = new Thread(runnable);
      worker.setDaemon(true);
      return worker;
    });
    Map<String, CompletableFuture<Void>> done = new LinkedHashMap<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      for (Map.Entry<String, Run> source : runs.entrySet()) {
        List<String> references = waitsFor.getOrDefault(source.getKey(), List.of());
        for (String referenced : references) {
          if (runs.containsKey(referenced) && !done.containsKey(referenced)) {
            throw new IllegalArgumentException(source.getKey() + " comes before " + referenced + ", which it waits for");
          }
        }
        CompletableFuture<?>[] before = references.stream().map(done::get).filter(java.util.Objects::nonNull)
            .toArray(CompletableFuture[]::new);
        done.put(source.getKey(), CompletableFuture.allOf(before).thenRunAsync(() -> {
          if (!failures.isEmpty()) {
            return; // the ingest fails: a source whose turn comes now does not start
          }
          Thread.currentThread().setName("coprod ingest " + source.getKey());
          SparkSession session = ((org.apache.spark.sql.classic.SparkSession) spark).cloneSession();
          session.sparkContext().setJobGroup(group, "ingest " + source.getKey(), true);
          try {
            source.getValue().run(session);
          } catch (Throwable e) { // Spark's own exceptions are checked ones, thrown undeclared
            synchronized (failures) {
              if (failures.isEmpty()) {
                spark.sparkContext().cancelJobGroup(group); // the others stop at their next job or task
              }
              failures.add(e);
            }
            throw new CompletionException(e);
          } finally {
            session.sparkContext().setJobDescription(null);
            session.sparkContext().clearJobGroup();
          }
        }, threads));
      }
      for (CompletableFuture<Void> source : done.values()) {
        try {
          source.join();
        } catch (CompletionException e) {
          // each is waited for; the first failure is thrown below
        }
      }
    } finally {
      threads.shutdownNow();
    }
    if (!failures.isEmpty()) {
      SourceRuns.<RuntimeException>throwAsItWas(failures.get(0));
    }
  }

  /** Throws {@code failure} as the source threw it, a checked exception too (as Spark throws them, undeclared). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwAsItWas(Throwable failure) throws T {
    throw (T) failure;
  }
}
