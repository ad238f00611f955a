package org.coprod.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's own metrics of a pipeline run, per pipeline stage: a {@link SparkListener} that sums
 * the task metrics (input, shuffle read/write, spill) of every Spark stage into the pipeline
 * stage its job belongs to, and a heap watch that records this JVM's peak heap use (polled)
 * and its largest heap after a garbage collection (from the collectors' notifications) while
 * that pipeline stage runs. In local mode the executors are threads of this JVM, so the heap
 * covers driver and executors.
 *
 * <p>A job belongs to the pipeline stage named by its job group: coprod's run sets
 * {@code ingest}, {@code features} and {@code model <id>}; jobs outside any group after the
 * models (model tables, divide, report) are {@code outputs}; the benchmark puts the generator in
 * {@code generate}. Wall time of a stage runs from its first job's submission (or from
 * {@link #begin} for the first) to the next stage's first job (or {@link #end}), so driver work
 * between jobs, such as an optimiser step, counts in the stage that surrounds it.
 */
final class StageMetrics extends SparkListener implements AutoCloseable {

  static final String OUTPUTS = "outputs";
  private static final String GROUP = "spark.jobGroup.id";
  private static final long POLL_MILLIS = 50;

  /** Sums over the tasks of one pipeline stage. */
  static final class Totals {
    long firstJobMillis = Long.MAX_VALUE;
    int jobs;
    int tasks;
    int failedTasks;
    long executorRunMillis;
    long inputBytes;
    long inputRecords;
    long outputBytes;
    long outputRecords;
    long shuffleReadBytes;
    long shuffleReadRecords;
    long shuffleWriteBytes;
    long shuffleWriteRecords;
    long memorySpilled;
    long diskSpilled;
    volatile long peakHeap;
    volatile long peakHeapAfterGc;
    double wallSeconds;
  }

  private final Map<String, Totals> stages = new LinkedHashMap<>();
  private final Map<Integer, String> stageOfSparkStage = new ConcurrentHashMap<>();
  private final List<Runnable> unregister = new ArrayList<>();
  private final Thread poller;
  private volatile String current;
  private volatile boolean modelsSeen;
  private volatile boolean running = true;
  private long beginMillis;

  StageMetrics() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        NotificationListener listener = this::afterGc;
        emitter.addNotificationListener(listener, null, null);
        unregister.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
    poller = new Thread(this::poll, "stage-metrics-heap-poller");
    poller.setDaemon(true);
    poller.start();
  }

  /** Starts a stage by hand (the generator, or the first pipeline stage before its first job). */
  synchronized void begin(String stage) {
    beginMillis = System.currentTimeMillis();
    if (current != null && !current.equals(stage) && stages.containsKey(current)) {
      progress(current, stages.get(current), beginMillis);
    }
    totals(stage).firstJobMillis = Math.min(totals(stage).firstJobMillis, beginMillis);
    current = stage;
  }

  /** Ends the measured run: the last stage's wall time runs until now. */
  synchronized void end() {
    long now = System.currentTimeMillis();
    List<Map.Entry<String, Totals>> ordered = new ArrayList<>(stages.entrySet());
    ordered.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(t -> t.firstJobMillis)));
    for (int i = 0; i < ordered.size(); i++) {
      long stop = i + 1 < ordered.size() ? ordered.get(i + 1).getValue().firstJobMillis : now;
      ordered.get(i).getValue().wallSeconds = (stop - ordered.get(i).getValue().firstJobMillis) / 1000.0;
    }
    stages.clear();
    ordered.forEach(entry -> stages.put(entry.getKey(), entry.getValue()));
  }

  /** The stages in the order they ran, with their sums. */
  synchronized Map<String, Totals> stages() {
    return new LinkedHashMap<>(stages);
  }

  private Totals totals(String stage) {
    return stages.computeIfAbsent(stage, name -> new Totals());
  }

  private String stageOfJob(String group) {
    if (group == null || group.isEmpty()) {
      return modelsSeen ? OUTPUTS : current == null ? OUTPUTS : current;
    }
    if (group.startsWith("model ")) {
      modelsSeen = true;
    }
    return group;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String stage = stageOfJob(jobStart.properties() == null ? null : jobStart.properties().getProperty(GROUP));
    if (current != null && !current.equals(stage) && stages.containsKey(current)) {
      progress(current, stages.get(current), jobStart.time());
    }
    Totals totals = totals(stage);
    totals.jobs++;
    totals.firstJobMillis = Math.min(totals.firstJobMillis, jobStart.time());
    for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())) {
      stageOfSparkStage.putIfAbsent((Integer) id, stage);
    }
    current = stage;
  }

  /**
   * One line as each stage ends, so that a run stopped before the end (a 10M run that does not
   * fit the time at hand) still leaves its figures for the stages it finished.
   */
  private static void progress(String stage, Totals t, long endMillis) {
    System.out.printf(java.util.Locale.ROOT,
        "stage done: %s, %.1f s, %d jobs, %d tasks, peak heap %d MiB, max heap after GC %d MiB, input records %d,"
            + " shuffle read %d B / %d records, shuffle write %d B / %d records, disk spill %d B%n",
        stage, (endMillis - t.firstJobMillis) / 1000.0, t.jobs, t.tasks, t.peakHeap >> 20, t.peakHeapAfterGc >> 20, t.inputRecords,
        t.shuffleReadBytes, t.shuffleReadRecords, t.shuffleWriteBytes, t.shuffleWriteRecords, t.diskSpilled);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    Totals totals = totals(stageOfSparkStage.getOrDefault(taskEnd.stageId(), current == null ? OUTPUTS : current));
    totals.tasks++;
    if (!taskEnd.taskInfo().successful()) {
      totals.failedTasks++;
    }
    TaskMetrics metrics = taskEnd.taskMetrics();
    if (metrics == null) {
      return;
    }
    totals.executorRunMillis += metrics.executorRunTime();
    totals.inputBytes += metrics.inputMetrics().bytesRead();
    totals.inputRecords += metrics.inputMetrics().recordsRead();
    totals.outputBytes += metrics.outputMetrics().bytesWritten();
    totals.outputRecords += metrics.outputMetrics().recordsWritten();
    totals.shuffleReadBytes += metrics.shuffleReadMetrics().totalBytesRead();
    totals.shuffleReadRecords += metrics.shuffleReadMetrics().recordsRead();
    totals.shuffleWriteBytes += metrics.shuffleWriteMetrics().bytesWritten();
    totals.shuffleWriteRecords += metrics.shuffleWriteMetrics().recordsWritten();
    totals.memorySpilled += metrics.memoryBytesSpilled();
    totals.diskSpilled += metrics.diskBytesSpilled();
  }

  private void poll() {
    while (running) {
      String stage = current;
      if (stage != null) {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Totals totals;
        synchronized (this) {
          totals = totals(stage);
        }
        if (used > totals.peakHeap) {
          totals.peakHeap = used;
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void afterGc(Notification notification, Object handback) {
    String stage = current;
    if (stage == null || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (isHeapPool(pool.getKey())) {
        after += pool.getValue().getUsed();
      }
    }
    Totals totals;
    synchronized (this) {
      totals = totals(stage);
    }
    if (after > totals.peakHeapAfterGc) {
      totals.peakHeapAfterGc = after;
    }
  }

  private static boolean isHeapPool(String name) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .anyMatch(pool -> pool.getName().equals(name) && pool.getType() == java.lang.management.MemoryType.HEAP);
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
    unregister.forEach(Runnable::run);
  }
}
