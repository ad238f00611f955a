package org.coprod.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What a Spark application's event log (JSON lines, uncompressed) says about jobs, lost
 * executors and failed tasks: enough to show that an executor was lost while the model fit's
 * jobs were running and that Spark recovered.
 */
final class EventLog {

  /** A job and the call site it came from ({@code treeAggregate at SparkGroupedLikelihood.java:112}). */
  record Job(int id, String callSite, long submitted, long completed, String result) {}

  record ExecutorRemoval(String executorId, long timestamp, String reason) {}

  record TaskFailure(int stageId, String reason, String executorId) {}

  private final List<Job> jobs;
  private final List<ExecutorRemoval> removals;
  private final List<TaskFailure> taskFailures;
  private final int executorsAdded;

  private EventLog(List<Job> jobs, List<ExecutorRemoval> removals, List<TaskFailure> taskFailures, int executorsAdded) {
    this.jobs = jobs;
    this.removals = removals;
    this.taskFailures = taskFailures;
    this.executorsAdded = executorsAdded;
  }

  /** Reads the only application log in {@code folder}. */
  static EventLog readOnlyApplication(Path folder) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.list(folder)) {
      logs = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
    }
    if (logs.size() != 1) {
      throw new IllegalStateException("expected one event log in " + folder + ", found " + logs);
    }
    return read(logs.get(0));
  }

  static EventLog read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    java.util.Map<Integer, Job> jobs = new java.util.LinkedHashMap<>();
    List<ExecutorRemoval> removals = new ArrayList<>();
    List<TaskFailure> failures = new ArrayList<>();
    int added = 0;
    try (Stream<String> lines = Files.lines(file)) {
      for (String line : (Iterable<String>) lines::iterator) {
        JsonNode event;
        try {
          event = json.readTree(line);
        } catch (IOException e) {
          continue; // a truncated last line while the application is still running
        }
        switch (event.path("Event").asText()) {
          case "SparkListenerJobStart" -> {
            int id = event.path("Job ID").asInt();
            jobs.put(id, new Job(id, resultStageName(event), event.path("Submission Time").asLong(), -1, ""));
          }
          case "SparkListenerJobEnd" -> {
            int id = event.path("Job ID").asInt();
            Job start = jobs.get(id);
            if (start != null) {
              jobs.put(id, new Job(id, start.callSite(), start.submitted(), event.path("Completion Time").asLong(),
                  event.path("Job Result").path("Result").asText()));
            }
          }
          case "SparkListenerExecutorAdded" -> added++;
          case "SparkListenerExecutorRemoved" ->
              removals.add(new ExecutorRemoval(event.path("Executor ID").asText(), event.path("Timestamp").asLong(),
                  event.path("Removed Reason").asText()));
          case "SparkListenerTaskEnd" -> {
            JsonNode reason = event.path("Task End Reason");
            if (!"Success".equals(reason.path("Reason").asText())) {
              failures.add(new TaskFailure(event.path("Stage ID").asInt(), reason.path("Reason").asText(),
                  event.path("Task Info").path("Executor ID").asText()));
            }
          }
          default -> {
            // other events are not needed
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new EventLog(List.copyOf(jobs.values()), removals, failures, added);
  }

  /** The job's result stage (the highest stage id) is named after the action's call site. */
  private static String resultStageName(JsonNode jobStart) {
    String name = "";
    int highest = -1;
    for (JsonNode stage : jobStart.path("Stage Infos")) {
      if (stage.path("Stage ID").asInt() > highest) {
        highest = stage.path("Stage ID").asInt();
        name = stage.path("Stage Name").asText("");
      }
    }
    return name;
  }

  List<Job> jobsFrom(String callSitePrefix) {
    return jobs.stream().filter(job -> job.callSite().startsWith(callSitePrefix)).toList();
  }

  List<ExecutorRemoval> removals() {
    return removals;
  }

  List<TaskFailure> taskFailures() {
    return taskFailures;
  }

  int executorsAdded() {
    return executorsAdded;
  }

  /** The earliest submission time among the jobs, if any. */
  static OptionalLong firstSubmitted(List<Job> jobs) {
    return jobs.stream().mapToLong(Job::submitted).min();
  }

  /** The latest completion time among the jobs, if any. */
  static OptionalLong lastCompleted(List<Job> jobs) {
    return jobs.stream().mapToLong(Job::completed).max();
  }
}
