package org.coprod.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark UI's job and stage tables without the UI: a listener that records, per job, its
 * description, wall time and the stages that ran (tasks, wall time, summed executor run and CPU
 * time).
 * Benchmarks print it to show where a stage's time goes.
 */
final class JobProfile extends SparkListener {

  /** One stage that ran (skipped stages never complete and are not listed). */
  record Stage(int id, String name, int tasks, long millis, long executorRunMillis, long executorCpuMillis) {}

  /** One job. */
  record Job(int id, String description, long submitted, long millis, List<Stage> stages) {

    int tasks() {
      return stages.stream().mapToInt(Stage::tasks).sum();
    }
  }

  private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, String> descriptions = new ConcurrentHashMap<>();
  private final Map<Integer, Long> started = new ConcurrentHashMap<>();
  private final Map<Integer, List<Stage>> stages = new ConcurrentHashMap<>();
  private final List<Job> jobs = java.util.Collections.synchronizedList(new ArrayList<>());

  static JobProfile attach(SparkSession spark) {
    JobProfile profile = new JobProfile();
    spark.sparkContext().addSparkListener(profile);
    return profile;
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    String description = event.properties() == null ? null : event.properties().getProperty("spark.job.description");
    String callSite = event.properties() == null ? null : event.properties().getProperty("callSite.short");
    descriptions.put(event.jobId(), (description == null ? "" : description) + " [" + callSite + "]");
    started.put(event.jobId(), event.time());
    stages.put(event.jobId(), java.util.Collections.synchronizedList(new ArrayList<>()));
    scala.collection.Iterator<Object> ids = event.stageIds().iterator();
    while (ids.hasNext()) {
      jobOfStage.put((Integer) ids.next(), event.jobId());
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo info = event.stageInfo();
    Integer job = jobOfStage.get(info.stageId());
    if (job == null) {
      return;
    }
    long millis = info.completionTime().isDefined() && info.submissionTime().isDefined()
        ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : -1;
    long run = info.taskMetrics() == null ? -1 : info.taskMetrics().executorRunTime();
    long cpu = info.taskMetrics() == null ? -1 : info.taskMetrics().executorCpuTime() / 1_000_000L;
    stages.get(job).add(new Stage(info.stageId(), info.name(), info.numTasks(), millis, run, cpu));
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd event) {
    long start = started.getOrDefault(event.jobId(), event.time());
    jobs.add(new Job(event.jobId(), descriptions.get(event.jobId()), start, event.time() - start,
        List.copyOf(stages.getOrDefault(event.jobId(), List.of()))));
  }

  /** Waits for the listener bus, then returns the jobs that ended since the last call, and forgets them. */
  List<Job> drain(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("listener bus did not drain", e);
    }
    synchronized (jobs) {
      List<Job> copy = new ArrayList<>(jobs);
      jobs.clear();
      copy.sort(java.util.Comparator.comparingInt(Job::id));
      return copy;
    }
  }

  /** A table of jobs and their stages, then the totals per job description. */
  static String format(List<Job> jobs) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%5s %9s %6s %7s  %s%n", "job", "ms", "stages", "tasks", "description"));
    Map<String, long[]> byDescription = new LinkedHashMap<>();
    for (Job job : jobs) {
      out.append(String.format(Locale.ROOT, "%5d %9d %6d %7d  %s%n", job.id(), job.millis(), job.stages().size(),
          job.tasks(), job.description()));
      for (Stage stage : job.stages()) {
        out.append(String.format(Locale.ROOT, "%5s %9d %6s %7d    stage %d %s (executor run %d ms, CPU %d ms)%n", "",
            stage.millis(), "", stage.tasks(), stage.id(), stage.name(), stage.executorRunMillis(),
            stage.executorCpuMillis()));
      }
      String key = job.description().replaceAll(" \\[.*\\]$", "");
      long[] sum = byDescription.computeIfAbsent(key, k -> new long[3]);
      sum[0]++;
      sum[1] += job.millis();
      sum[2] += job.tasks();
    }
    out.append(String.format(Locale.ROOT, "%nper description: jobs, ms, tasks%n"));
    byDescription.forEach((description, sum) -> out.append(String.format(Locale.ROOT, "%5d %9d %7d  %s%n", sum[0],
        sum[1], sum[2], description)));
    long total = jobs.stream().mapToLong(Job::millis).sum();
    int tasks = jobs.stream().mapToInt(Job::tasks).sum();
    out.append(String.format(Locale.ROOT, "total: %d jobs, %d ms in jobs, %d tasks%n", jobs.size(), total, tasks));
    return out.toString();
  }
}
