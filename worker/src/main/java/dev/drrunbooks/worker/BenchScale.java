package dev.drrunbooks.worker;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.starter.CliException;
import dev.drrunbooks.starter.RunbookClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's section 5: app-failure drills, each on its own sandbox service, all started at once
 * against one worker process, for each size asked; one row of the table per size.
 */
final class BenchScale {

  private final java.util.function.Consumer<String> line;
  private final List<Integer> scale;
  private final Duration deployTime;

  BenchScale(java.util.function.Consumer<String> line, List<Integer> scale, Duration deployTime) {
    this.line = line;
    this.scale = scale;
    this.deployTime = deployTime;
  }

  void run(RunbookClient client, ProfileLoader loader, BenchWorkers workers) throws Exception {
    line.accept("## 5. Concurrent drills on one worker");
    line.accept("");
    line.accept(
        "app-failure drills (inject, initial response, decide, AppRollback, validate, reset), each"
            + " on its own sandbox service, all started at once against one worker process"
            + " (default tuning, -Xmx of the JVM's default).");
    line.accept("");
    line.accept(
        "| drills | all done in | per drill | passed | call schedule→start p50 / p99 | step p50 /"
            + " p99 | slowest step | result→decision p50 / p99 | progress query p50 / p99 | worker"
            + " heap peak |");
    line.accept("|---|---|---|---|---|---|---|---|---|---|");
    for (int n : scale) {
      BenchWorkers.Worker worker = workers.start("scale-" + n, deployTime, true);
      long started = System.currentTimeMillis();
      List<String> ids = startDrills(client, loader, n);
      Waited waited = awaitDrills(client, worker, ids, started);
      scaleRow(client, n, ids, waited);
      worker.kill();
    }
    line.accept("");
  }

  /** How a round of drills ended: how long, how many still ran, and what was seen meanwhile. */
  private record Waited(
      long doneMillis, int stillRunning, long heapPeak, List<Long> queries, int unanswered) {}

  /** Starts {@code n} app-failure drills at once, each on its own sandbox profile. */
  private List<String> startDrills(RunbookClient client, ProfileLoader loader, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = BenchWorkers.profileName(i);
      ids.add(
          client.start(
              ProcedureCatalog.DRILL,
              new DrillRequest(
                  name, "app-failure", null, List.of(BenchCommand.APPROVER), "bench", null, false),
              ServiceRef.primary(loader.load(name))));
    }
    return ids;
  }

  /**
   * Waits up to ten minutes for the drills to end (measured from {@code started}, before the first
   * was started), asking a progress query as {@code runbook status} would while the worker is
   * busiest (refused while the worker has not yet picked the run up: that is the CLI saying so),
   * and keeping the worker's heap peak.
   */
  private Waited awaitDrills(
      RunbookClient client, BenchWorkers.Worker worker, List<String> ids, long started)
      throws InterruptedException {
    long heapPeak = 0;
    List<String> open = new ArrayList<>(ids);
    long deadline = started + Duration.ofMinutes(10).toMillis();
    List<Long> queries = new ArrayList<>();
    int unanswered = 0;
    while (!open.isEmpty() && System.currentTimeMillis() < deadline) {
      heapPeak = Math.max(heapPeak, worker.heapUsed());
      long asked = System.nanoTime();
      try {
        client.progress(open.get(0));
        queries.add((System.nanoTime() - asked) / 1_000_000);
      } catch (CliException notPickedUpYet) {
        unanswered++;
      }
      open.removeIf(
          id ->
              client.status(id)
                  != io.temporal.api.enums.v1.WorkflowExecutionStatus
                      .WORKFLOW_EXECUTION_STATUS_RUNNING);
      Thread.sleep(500);
    }
    return new Waited(
        System.currentTimeMillis() - started, open.size(), heapPeak, queries, unanswered);
  }

  /** One row of the scale table, from the drills' reports, histories and checklists. */
  private void scaleRow(RunbookClient client, int n, List<String> ids, Waited waited) {
    long done = waited.doneMillis();
    int passed = 0;
    List<Long> pickup = new ArrayList<>();
    List<Long> reaction = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    String slowest = "-";
    long slowestMillis = -1;
    for (String id : ids) {
      DrillReport r = client.drillReport(id);
      if (r != null && r.passed()) {
        passed++;
      }
      BenchHistory.handovers(client.workflowClient(), id)
          .forEach(
              h -> {
                pickup.add(h.scheduleToStartMillis());
                reaction.add(h.reactionMillis());
              });
      for (StepView s : client.progress(id).steps()) {
        if (s.startedAt() != null && s.endedAt() != null && s.childWorkflowId() == null) {
          long millis = Duration.between(s.startedAt(), s.endedAt()).toMillis();
          steps.add(millis);
          if (millis > slowestMillis) {
            slowestMillis = millis;
            slowest = s.id() + " " + BenchCommand.seconds(millis);
          }
        }
      }
    }
    line.accept(
        "| "
            + n
            + (waited.stillRunning() == 0 ? "" : " (" + waited.stillRunning() + " still running)")
            + " | "
            + BenchCommand.seconds(done)
            + " | "
            + String.format(Locale.ROOT, "%.0f ms", done / (double) n)
            + " | "
            + passed
            + "/"
            + n
            + " | "
            + BenchCommand.p50p99(pickup)
            + " | "
            + BenchCommand.p50p99(steps)
            + " | "
            + slowest
            + " | "
            + BenchCommand.p50p99(reaction)
            + " | "
            + BenchCommand.p50p99(waited.queries())
            + (waited.unanswered() == 0 ? "" : " (" + waited.unanswered() + " before pick-up)")
            + " | "
            + (waited.heapPeak() / (1024 * 1024))
            + " MiB |");
  }
}
