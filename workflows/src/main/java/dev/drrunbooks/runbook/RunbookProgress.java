package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.List;

/**
 * The answer of the {@code progress()} query: the checklist folded from the timeline, the
 * objectives clock, the decisions so far and the timeline itself.
 *
 * @param requestedBy who or what started the run
 * @param resource the protected resource ({@code target/region/cluster/service}) once known
 * @param clockStartedAt when the RTO clock started: the incident's detection, or the run's start
 * @param elapsedSeconds since {@code clockStartedAt}, up to the run's end
 */
public record RunbookProgress(
    String procedure,
    String workflowId,
    String service,
    String incidentId,
    String requestedBy,
    String resource,
    RunStatus status,
    boolean dryRun,
    Instant startedAt,
    Instant clockStartedAt,
    Instant endedAt,
    long elapsedSeconds,
    int rtoMinutes,
    List<StepView> steps,
    List<ApprovalRecord> approvals,
    List<StepResolution> resolutions,
    List<String> plannedActions,
    List<TimelineEvent> timeline,
    String outcome) {

  /**
   * The same progress with the elapsed time of a run still going computed at {@code now}: the query
   * answers with the time of the run's last event, which stands still while the run waits.
   */
  public RunbookProgress asOf(Instant now) {
    if (status.finished() || clockStartedAt == null || now == null) {
      return this;
    }
    long elapsed =
        Math.max(elapsedSeconds, java.time.Duration.between(clockStartedAt, now).toSeconds());
    return new RunbookProgress(
        procedure,
        workflowId,
        service,
        incidentId,
        requestedBy,
        resource,
        status,
        dryRun,
        startedAt,
        clockStartedAt,
        endedAt,
        elapsed,
        rtoMinutes,
        steps,
        approvals,
        resolutions,
        plannedActions,
        timeline,
        outcome);
  }

  /** Share of the RTO used so far, in percent (0 when the profile is not loaded yet). */
  public int rtoPercentUsed() {
    return rtoMinutes <= 0
        ? 0
        : (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsedSeconds * 100 / (rtoMinutes * 60L)));
  }

  /** The steps a person has to act on: gates waiting for approval, failed steps waiting. */
  public List<StepView> waitingSteps() {
    if (status.finished()) {
      return List.of();
    }
    return steps.stream()
        .filter(s -> s.status() == StepStatus.WAITING_FOR_APPROVAL || s.awaitingDecision())
        .toList();
  }

  /** The one step a person has to act on, or the first of several; null when none waits. */
  public StepView waitingStep() {
    List<StepView> waiting = waitingSteps();
    return waiting.isEmpty() ? null : waiting.get(0);
  }

  /** A step of the checklist by id; null when there is none. */
  public StepView step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }
}
