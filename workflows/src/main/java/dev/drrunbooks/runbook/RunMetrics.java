package dev.drrunbooks.runbook;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * The runbooks' own metrics, through the workflow's metrics scope: Temporal reports them with its
 * own (to Prometheus on the worker, see {@code docs/deployment.md}) and drops them while a run is
 * replayed, so a worker that restarts counts nothing twice.
 *
 * <ul>
 *   <li>{@code runbook_runs} (counter): runs ended, by procedure, status and dry run;
 *   <li>{@code runbook_recovery_time} (timer): completed real runs, from the RTO clock's start (the
 *       alert's detection, else the run's start) to the end: the achieved RTO;
 *   <li>{@code runbook_gate_wait} (timer): how long a gate waited for its decision, by gate and
 *       decision;
 *   <li>{@code runbook_step_failures} (counter): steps that failed after their retries, by step and
 *       failure type.
 * </ul>
 */
final class RunMetrics {

  private final String procedure;

  RunMetrics(String procedure) {
    this.procedure = procedure;
  }

  void runEnded(RunStatus status, boolean dryRun, Duration sinceClockStart) {
    bookkeeping(
        () -> {
          Scope scope = scope(Map.of("status", status.name(), "dry_run", String.valueOf(dryRun)));
          scope.counter("runbook_runs").inc(1);
          if (status == RunStatus.COMPLETED && !dryRun) {
            scope(Map.of()).timer("runbook_recovery_time").record(tally(sinceClockStart));
          }
        });
  }

  void gateDecided(String gate, String decision, Duration waited) {
    bookkeeping(
        () ->
            scope(Map.of("gate", gate, "decision", decision))
                .timer("runbook_gate_wait")
                .record(tally(waited)));
  }

  void stepFailed(String step, String failureType) {
    bookkeeping(
        () ->
            scope(
                    Map.of(
                        "step",
                        step,
                        "failure_type",
                        failureType == null ? "unknown" : failureType))
                .counter("runbook_step_failures")
                .inc(1));
  }

  /**
   * Bookkeeping never fails a workflow task: a metric that cannot be recorded is logged and
   * dropped, and the run goes on (a failure here once failed a run's task every 10 s, forever).
   */
  private static void bookkeeping(Runnable record) {
    try {
      record.run();
    } catch (RuntimeException e) {
      Workflow.getLogger(RunMetrics.class).warn("a run metric was not recorded: {}", e.toString());
    }
  }

  /** A duration as tally takes it: never negative, and saturated rather than overflowing. */
  static com.uber.m3.util.Duration tally(Duration d) {
    long millis;
    try {
      millis = Math.max(0, d.toMillis());
    } catch (ArithmeticException tooLong) {
      millis = d.isNegative() ? 0 : Long.MAX_VALUE / 1_000_000;
    }
    return com.uber.m3.util.Duration.ofMillis(Math.min(millis, Long.MAX_VALUE / 1_000_000));
  }

  private Scope scope(Map<String, String> tags) {
    Map<String, String> all = new java.util.HashMap<>(tags);
    all.put("procedure", procedure);
    return Workflow.getMetricsScope().tagged(all);
  }
}
