package dev.drrunbooks.receiver;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;

/**
 * The incident of the service an alert names, by its resource (region / cluster / service), as
 * {@code runbook incident open} does: two alerts for one service, or a hundred copies of one, make
 * one incident.
 */
public final class TemporalIncidentOpener implements IncidentOpener {

  private final WorkflowClient client;
  private final ProfileLoader profiles;
  private final String taskQueue;

  public TemporalIncidentOpener(WorkflowClient client, ProfileLoader profiles, String taskQueue) {
    this.client = client;
    this.profiles = profiles;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the incident with this alert, or, when it is already open, signals it: the same effect
   * as signal-with-start, and each alert learns whether it opened the incident or joined it (of a
   * hundred copies at once, exactly one opens it). An incident that closes between the two is
   * opened anew.
   */
  @Override
  public Outcome open(IncidentRequest request) {
    String id = Procedure.incidentId(resource(request.service()));
    for (int attempt = 1; ; attempt++) {
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              Procedure.INCIDENT_TYPE,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(id)
                  .setTaskQueue(taskQueue)
                  .setWorkflowIdConflictPolicy(
                      WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                  .build());
      try {
        stub.start(request);
        return new Outcome(id, false);
      } catch (WorkflowExecutionAlreadyStarted open) {
        try {
          client.newUntypedWorkflowStub(id).signal("alert", request);
          return new Outcome(id, true);
        } catch (WorkflowNotFoundException closedMeanwhile) {
          if (attempt >= 3) {
            throw closedMeanwhile;
          }
        }
      }
    }
  }

  @Override
  public boolean recordResolved(IncidentRequest request) {
    String id = Procedure.incidentId(resource(request.service()));
    if (!running(id)) {
      return false;
    }
    try {
      client.newUntypedWorkflowStub(id).signal("alert", request);
      return true;
    } catch (WorkflowNotFoundException closedMeanwhile) {
      return false;
    }
  }

  private ServiceRef resource(String service) {
    try {
      return ServiceRef.primary(profiles.load(service));
    } catch (ApplicationFailure unknown) {
      throw new UnknownServiceException(unknown.getOriginalMessage());
    }
  }

  private boolean running(String id) {
    try {
      return client.newUntypedWorkflowStub(id).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException none) {
      return false;
    }
  }
}
