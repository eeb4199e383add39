package dev.drrunbooks.receiver;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.starter.IncidentOpening;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
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

  /** Opens the incident with this alert or joins the open one ({@link IncidentOpening}). */
  @Override
  public Outcome open(IncidentRequest request) {
    var opened =
        IncidentOpening.open(
            client, Procedure.incidentId(resource(request.service())), taskQueue, request);
    return new Outcome(opened.id(), opened.joined());
  }

  @Override
  public boolean recordResolved(IncidentRequest request) {
    String id = Procedure.incidentId(resource(request.service()));
    if (!running(id)) {
      return false;
    }
    try {
      client
          .newUntypedWorkflowStub(id)
          .signal(dev.drrunbooks.incident.IncidentResponseWorkflow.ALERT, request);
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
