package dev.drrunbooks.activities.drill;

import dev.drrunbooks.drill.DrillActivities;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepKind;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.ArrayList;
import java.util.List;

/**
 * A drill's participants at work, through the same queries and updates a person's CLI sends: the
 * {@code progress} query to see what waits, the {@code approve} update to decide it.
 */
public final class DrillActivitiesImpl implements DrillActivities {

  private final WorkflowClient client;

  public DrillActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public List<WaitingGate> waitingGates(GateQuery query) {
    List<WaitingGate> waiting = new ArrayList<>();
    collect(query.workflowId(), waiting, 0);
    return waiting;
  }

  private void collect(String workflowId, List<WaitingGate> waiting, int depth) {
    RunbookProgress p;
    try {
      p =
          client
              .newUntypedWorkflowStub(workflowId)
              .query(dev.drrunbooks.runbook.RunbookWorkflow.PROGRESS, RunbookProgress.class);
    } catch (WorkflowNotFoundException notYet) {
      return;
    }
    for (StepView s : p.steps()) {
      if (s.kind() == StepKind.GATE && s.status() == StepStatus.WAITING_FOR_APPROVAL) {
        waiting.add(new WaitingGate(workflowId, s.id()));
      }
      if (depth < 2 && s.childWorkflowId() != null && !s.status().finished()) {
        collect(s.childWorkflowId(), waiting, depth + 1);
      }
    }
  }

  @Override
  public String approve(GateApproval approval) {
    try {
      ApprovalRecord r =
          client
              .newUntypedWorkflowStub(approval.workflowId())
              .update(
                  dev.drrunbooks.runbook.RunbookWorkflow.APPROVE,
                  ApprovalRecord.class,
                  new ApprovalRequest(
                      approval.gate(),
                      approval.approver(),
                      ApprovalRequest.Decision.APPROVE,
                      approval.comment(),
                      "drill"));
      return "approved " + r.gate() + " of " + approval.workflowId();
    } catch (WorkflowUpdateException notWaiting) {
      // Decided meanwhile (a retry of this activity, a policy): nothing to do.
      return "gate " + approval.gate() + " of " + approval.workflowId() + " no longer waits";
    }
  }
}
