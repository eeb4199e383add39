package dev.drrunbooks.starter;

import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.runbook.Procedure;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.UUID;

/**
 * Opens a service's incident or joins the one open, the one way both the CLI ({@code runbook
 * incident open}) and the alert receiver do it: update-with-start of {@code join}, so the server
 * starts the incident when none runs and delivers the report to it either way. Each caller learns
 * what happened to its report: it opened the incident, it joined it, or it was a repeat of an alert
 * already recorded (refused by the incident's validator, so it adds nothing to the history). Of
 * twenty reports at once exactly one is told it opened the incident.
 */
public final class IncidentOpening {

  /** The incident's id; whether this report joined one already open; whether it was a repeat. */
  public record Opened(String id, boolean joined, boolean repeat) {}

  private IncidentOpening() {}

  public static Opened open(
      WorkflowClient client, String id, String taskQueue, IncidentRequest report) {
    // The id the incident tells its opener by: this report's own.
    IncidentRequest mine =
        report.reportId() == null ? report.withReportId(UUID.randomUUID().toString()) : report;
    try {
      String answer =
          client
              .newUntypedWorkflowStub(
                  Procedure.INCIDENT_TYPE,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(id)
                      .setTaskQueue(taskQueue)
                      .setWorkflowIdConflictPolicy(
                          WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                      .build())
              .executeUpdateWithStart(
                  UpdateOptions.newBuilder(String.class)
                      .setUpdateName(IncidentResponseWorkflow.JOIN)
                      .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                      .build(),
                  new Object[] {mine},
                  new Object[] {mine});
      return new Opened(id, !IncidentResponseWorkflow.OPENED.equals(answer), false);
    } catch (WorkflowUpdateException refused) {
      // The SDK hands a validator's refusal on without its type: its message says it.
      if (refusal(refused).startsWith(IncidentResponseWorkflow.DUPLICATE_REPORT + ": ")) {
        return new Opened(id, true, true);
      }
      if (String.valueOf(rootMessage(refused)).contains("unknown update")) {
        // An incident opened by a worker from before the join update: the signal it knows.
        client.newUntypedWorkflowStub(id).signal(IncidentResponseWorkflow.ALERT, mine);
        return new Opened(id, true, false);
      }
      throw refused;
    }
  }

  private static String refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return String.valueOf(af.getOriginalMessage());
      }
    }
    return "";
  }

  private static String rootMessage(Throwable failure) {
    Throwable inner = failure;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner.getMessage();
  }
}
