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

  /** The signal an open incident receives when someone starts a recovery of its service by hand. */
  String RECOVERY_ATTEMPTED_SIGNAL = "recoveryAttempted";

  /** Signal a run sends the run above it when a gate opens in it or below it. */
  String GATE_WAITING_SIGNAL = "gateWaiting";

  /**
   * The names a client sends: one place, for the CLI, the receiver, the drill's participants and
   * the Temporal UI's users alike.
   */
  String PROGRESS = "progress";

  String APPROVE = "approve";
  String RESOLVE_STEP = "resolveStep";
  String CANCEL_REASON = "cancelReason";

  /** The checklist, the objectives clock and the decisions so far. */
  @QueryMethod(name = PROGRESS)
  RunbookProgress progress();

  /** Approve or reject a gate that is waiting. Rejected up front when the request is not valid. */
  @UpdateMethod(name = APPROVE)
  ApprovalRecord approve(ApprovalRequest request);

  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApprove(ApprovalRequest request);

  /** Retry, skip or abort a step that failed after its retries. */
  @UpdateMethod(name = RESOLVE_STEP)
  StepResolution resolveStep(StepResolutionRequest request);

  @UpdateValidatorMethod(updateName = RESOLVE_STEP)
  void validateResolveStep(StepResolutionRequest request);

  /** A gate opened in a run below this one (see {@link GateWaiting}); passed on upwards. */
  @SignalMethod(name = RunbookWorkflow.GATE_WAITING_SIGNAL)
  void gateWaiting(GateWaiting gate);

  /**
   * Who cancels the run and why, sent by {@code runbook cancel} just before the cancellation; the
   * run's outcome and timeline name them.
   */
  @SignalMethod(name = CANCEL_REASON)
  void cancelReason(CancelRequest request);
}
