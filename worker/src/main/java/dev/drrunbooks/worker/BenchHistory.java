package dev.drrunbooks.worker;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run's history says about the orchestration, for {@code runbook bench}: for every activity
 * (every step's call), how long it waited to be picked up by a worker (schedule to start) and how
 * long the workflow took to react to its result (completion to the next workflow task completed:
 * when the next step is scheduled). Their sum is what Temporal and the worker add to each step over
 * calling the API directly. Child runs are read too.
 */
final class BenchHistory {

  /** One activity's hand-over costs, in milliseconds. */
  record Handover(String activityType, long scheduleToStartMillis, long reactionMillis) {
    long totalMillis() {
      return scheduleToStartMillis + reactionMillis;
    }
  }

  private BenchHistory() {}

  /** Every activity of the run {@code workflowId} (its latest run) and of its children. */
  static List<Handover> handovers(WorkflowClient client, String workflowId) {
    List<Handover> all = new ArrayList<>();
    collect(client, workflowId, all, 0);
    return all;
  }

  private static void collect(
      WorkflowClient client, String workflowId, List<Handover> into, int d) {
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    Map<Long, HistoryEvent> scheduled = new HashMap<>();
    Map<Long, HistoryEvent> started = new HashMap<>();
    List<Long> workflowTasksCompleted = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        workflowTasksCompleted.add(millis(e));
      }
    }
    for (HistoryEvent e : events) {
      switch (e.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> scheduled.put(e.getEventId(), e);
        case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
            started.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), e);
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long id = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          HistoryEvent s = scheduled.get(id);
          HistoryEvent st = started.get(id);
          if (s != null && st != null) {
            long done = millis(e);
            long next =
                workflowTasksCompleted.stream().filter(t -> t >= done).findFirst().orElse(done);
            into.add(
                new Handover(
                    s.getActivityTaskScheduledEventAttributes().getActivityType().getName(),
                    millis(st) - millis(s),
                    next - done));
          }
        }
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
          if (d < 3) {
            collect(
                client,
                e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId(),
                into,
                d + 1);
          }
        }
        default -> {}
      }
    }
  }

  /** An event's time, in milliseconds since the epoch. */
  static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  /** The value below which {@code p} percent of {@code values} lie (nearest rank). */
  static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** This machine in one line: cores, memory, OS, Java, date. */
  static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long ram = 0;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      ram = sun.getTotalMemorySize() / (1024L * 1024 * 1024);
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + ram
        + " GiB RAM, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + ", Java "
        + System.getProperty("java.version")
        + " ("
        + System.getProperty("java.vm.name")
        + "), "
        + Instant.now().toString().substring(0, 10);
  }

  /** Reads {@code jvm_memory_used_bytes{area="heap"}} summed over the pools. */
  static long heapFrom(String metrics) {
    Matcher m =
        Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)$")
            .matcher(metrics);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return (long) sum;
  }

  /** A worker's Prometheus scrape, or empty when it does not answer. */
  static String get(int port) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
