package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the checklist shown by {@code progress()}, the CLI and the Temporal UI, folded from
 * the timeline.
 *
 * @param attempts how many times the step started
 * @param failures every failed attempt, oldest first: a retry never erases why the last one failed
 * @param evidence small structured facts from the step's last result (key to value)
 * @param awaitingDecision true while the step failed and waits for {@code resolveStep}
 * @param childWorkflowId the child workflow this step runs, if any
 * @param protects for a cleanup step, the step whose write it undoes
 * @param skippable whether an operator may skip the step after it failed (required steps: no)
 */
public record StepView(
    String id,
    String title,
    StepKind kind,
    StepStatus status,
    Instant startedAt,
    Instant endedAt,
    int attempts,
    String detail,
    List<Attempt> failures,
    Map<String, String> evidence,
    boolean awaitingDecision,
    String childWorkflowId,
    String protects,
    boolean skippable) {

  /** A failed attempt of a step, kept for the audit trail. */
  public record Attempt(int attempt, Instant at, String failureType, String reason) {}
}
