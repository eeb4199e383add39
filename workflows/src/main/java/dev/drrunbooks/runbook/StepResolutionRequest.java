package dev.drrunbooks.runbook;

/**
 * Input of the {@code resolveStep} update, sent while a step has failed after its retries: one JSON
 * object, e.g. {@code {"step":"update-service","action":"RETRY","actor":"ops-lead"}}. The step may
 * be omitted; it then means the step that is waiting.
 */
public record StepResolutionRequest(
    String step, Action action, String actor, String comment, String via) {

  /** A decision without {@code via} (the Temporal UI); the CLI sends {@code osUser@host}. */
  public StepResolutionRequest(String step, Action action, String actor, String comment) {
    this(step, action, actor, comment, null);
  }

  public enum Action {
    /** Run the failed step again, from the start of the step. */
    RETRY,
    /** Mark the step skipped and carry on with the next one. */
    SKIP,
    /** Stop the run here; it fails with the operator's comment. */
    ABORT
  }
}
