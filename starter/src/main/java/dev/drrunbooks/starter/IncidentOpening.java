package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.Procedure;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;

/**
 * Opens a service's incident or joins the one open, the one way both the CLI ({@code runbook
 * incident open}) and the alert receiver do it: a start that fails while the incident runs, then
 * the report as an {@code alert} signal. Unlike signal-with-start, each caller learns whether it
 * opened the incident or joined it: of twenty reports at once, exactly one is told it opened it. An
 * incident that closes between the two is opened anew.
 */
public final class IncidentOpening {

  /** The incident's id, and whether this report joined one already open. */
  public record Opened(String id, boolean joined) {}

  private IncidentOpening() {}

  public static Opened open(WorkflowClient client, String id, String taskQueue, Object report) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .newUntypedWorkflowStub(
                Procedure.INCIDENT_TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(taskQueue)
                    .setWorkflowIdConflictPolicy(
                        WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                    .build())
            .start(report);
        return new Opened(id, false);
      } catch (WorkflowExecutionAlreadyStarted open) {
        try {
          client.newUntypedWorkflowStub(id).signal("alert", report);
          return new Opened(id, true);
        } catch (WorkflowNotFoundException closedMeanwhile) {
          if (attempt >= 3) {
            throw closedMeanwhile;
          }
        }
      }
    }
  }
}
