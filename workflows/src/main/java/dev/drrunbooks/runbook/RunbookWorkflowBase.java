package dev.drrunbooks.runbook;

import io.temporal.workflow.Workflow;

/** Wires the shared query and updates of {@link RunbookWorkflow} to a run's {@link Runbook}. */
public abstract class RunbookWorkflowBase implements RunbookWorkflow {

  protected final Runbook runbook;

  protected RunbookWorkflowBase(Runbook runbook) {
    this.runbook = runbook;
  }

  /**
   * The checklist, its elapsed time taken at the moment of asking: while a run waits (for a person,
   * a deployment) no workflow task runs, and the workflow clock stands at the last one, so the
   * Temporal UI would show the RTO clock stopped. A query's answer is never recorded in the
   * history, so reading the wall clock here cannot make a replay diverge; under a time-skipping
   * test server the workflow clock runs ahead of the wall clock, and the later of the two counts.
   */
  @Override
  public RunbookProgress progress() {
    long now = Math.max(Workflow.currentTimeMillis(), System.currentTimeMillis());
    return runbook.progress().asOf(java.time.Instant.ofEpochMilli(now));
  }

  @Override
  public void validateApprove(ApprovalRequest request) {
    runbook.validateApprove(request);
  }

  @Override
  public ApprovalRecord approve(ApprovalRequest request) {
    return runbook.approve(request);
  }

  @Override
  public void validateResolveStep(StepResolutionRequest request) {
    runbook.validateResolveStep(request);
  }

  @Override
  public StepResolution resolveStep(StepResolutionRequest request) {
    return runbook.resolveStep(request);
  }

  @Override
  public void cancelReason(CancelRequest request) {
    runbook.cancelReason(request);
  }

  @Override
  public void gateWaiting(GateWaiting gate) {
    runbook.gateWaitingBelow(gate);
  }
}
