package dev.drrunbooks.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * What every runbook offers the people steering it. Each method takes one record, so the Temporal
 * UI can call it with a single JSON payload.
 */
public interface RunbookWorkflow {

  /** The checklist, the objectives clock and the decisions so far. */
  @QueryMethod(name = "progress")
  RunbookProgress progress();

  /** Approve or reject a gate that is waiting. Rejected up front when the request is not valid. */
  @UpdateMethod(name = "approve")
  ApprovalRecord approve(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApprovalRequest request);

  /** Retry, skip or abort a step that failed after its retries. */
  @UpdateMethod(name = "resolveStep")
  StepResolution resolveStep(StepResolutionRequest request);

  @UpdateValidatorMethod(updateName = "resolveStep")
  void validateResolveStep(StepResolutionRequest request);

  /**
   * Who cancels the run and why, sent by {@code runbook cancel} just before the cancellation; the
   * run's outcome and timeline name them.
   */
  /** A gate opened in a run below this one (see {@link GateWaiting}); passed on upwards. */
  @SignalMethod(name = Runbook.GATE_WAITING_SIGNAL)
  void gateWaiting(GateWaiting gate);

  @SignalMethod(name = "cancelReason")
  void cancelReason(CancelRequest request);
}
