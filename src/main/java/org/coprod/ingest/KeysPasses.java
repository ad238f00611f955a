package org.coprod.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * The keys passes of the sources that take the direct path ({@link DirectIngest}: which keys
 * occur more than once), run one after another from the start of the ingest in a thread of their
 * own, while the ingest goes through the sources before them. A keys pass depends on nothing but
 * its source's files, so it need not wait for its turn.
 *
 * <p>Why: the ingest leaves the cores idle for a good part of its time. At 1M citizens, Parquet
 * input, the driver worked alone between jobs for 7 s of a 63 s run, and stages of one or two
 * tasks (the small sources, the second passes, collecting known keys) left another 10
 * core-seconds idle, while usage's keys pass took 3-5 s of both cores on its turn.
 *
 * <p>The passes run in a copy of the session ({@code cloneSession}): the ingest sets session
 * settings around its own work (shuffle partitions, split sizes), and two threads setting and
 * restoring them on one session could leave either's in place. Their jobs are one job group,
 * cancelled by {@link #close} if the ingest ends before they do.
 */
final class KeysPasses implements AutoCloseable {

  /** One source's pass: its repeated keys, or empty when there are more than the limit. */
  interface Pass {
    Optional<RowSet> run(SparkSession session);
  }

  private final SparkSession session;
  private final String group = "coprod-keys-" + UUID.randomUUID();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
    Thread worker = new Thread(runnable, "coprod ingest keys passes");
    worker.setDaemon(true);
    return worker;
  });
  private final Map<String, Future<Optional<RowSet>>> started = new LinkedHashMap<>();

  KeysPasses(SparkSession spark) {
    this.session = ((org.apache.spark.sql.classic.SparkSession) spark).cloneSession();
  }

  /** Starts a source's pass after those started before it. */
  void start(String source, Pass pass) {
    started.put(source, thread.submit(() -> {
      session.sparkContext().setJobGroup(group, "ingest: keys passes ahead", true);
      session.sparkContext().setJobDescription("ingest " + source + ": repeated keys");
      try {
        return pass.run(session);
      } finally {
        session.sparkContext().setJobDescription(null);
        session.sparkContext().clearJobGroup();
      }
    }));
  }

  /** Whether a pass was started for the source. */
  boolean started(String source) {
    return started.containsKey(source);
  }

  /** The source's repeated keys, once its pass is done; its failure, if it failed. */
  Optional<RowSet> repeatedKeys(String source) {
    Future<Optional<RowSet>> pass = started.get(source);
    if (pass == null) {
      throw new IllegalStateException("no keys pass was started for " + source);
    }
    try {
      return pass.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the keys pass of " + source, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("the keys pass of " + source + " failed", e.getCause());
    }
  }

  /** Cancels the passes still running (their jobs) and stops the thread. */
  @Override
  public void close() {
    boolean running = started.values().stream().anyMatch(pass -> !pass.isDone());
    thread.shutdownNow();
    if (running) {
      session.sparkContext().cancelJobGroup(group);
    }
  }
}
