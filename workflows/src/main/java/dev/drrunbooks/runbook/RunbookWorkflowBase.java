package dev.drrunbooks.runbook;

/** Wires the shared query and updates of {@link RunbookWorkflow} to a run's {@link Runbook}. */
public abstract class RunbookWorkflowBase implements RunbookWorkflow {

  protected final Runbook runbook;

  protected RunbookWorkflowBase(Runbook runbook) {
    this.runbook = runbook;
  }

  @Override
  public RunbookProgress progress() {
    return runbook.progress();
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
}
