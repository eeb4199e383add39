package dev.drrunbooks.runbook;

import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;

/**
 * A run that changes a service holds it: its workflow id is the resource's lock id, so the server
 * refuses a second such run; and while an incident is open on it, recoveries go through the
 * incident. Each check answers why the run is refused, or null.
 */
final class ResourceLock {

  private ResourceLock() {}

  /** Why a top-level run that changes {@code resource} may not run under its own workflow id. */
  static String wrongId(Procedure procedure, ServiceRef resource) {
    String id = Workflow.getInfo().getWorkflowId();
    if (Procedure.lockId(resource).equals(id)) {
      return null;
    }
    return "a run that changes "
        + resource
        + " must be started with workflow id '"
        + Procedure.lockId(resource)
        + "', so that no other recovery of it can run at the same time (this run is '"
        + id
        + "'); './runbook start "
        + procedure.name()
        + "' does this";
  }

  /**
   * A recovery started by hand while an incident is open on the same resource would race the
   * incident's own: it tells the incident (which records the attempt on its timeline) and is
   * refused, naming it. The signal failing means no incident is open.
   */
  static String incidentOpen(Procedure procedure, ServiceRef resource, String requestedBy) {
    String incident = Procedure.incidentId(resource);
    try {
      Workflow.newUntypedExternalWorkflowStub(incident)
          .signal(
              RunbookWorkflow.RECOVERY_ATTEMPTED_SIGNAL,
              new RecoveryAttempt(
                  procedure.name(), Workflow.getInfo().getWorkflowId(), requestedBy));
    } catch (SignalExternalWorkflowException noIncident) {
      return null;
    } catch (ApplicationFailure failed) {
      // The server answers a signal to no open run with this cause: no incident is open.
      if (failed.getType() != null
          && failed.getType().endsWith("EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND")) {
        return null;
      }
      throw failed;
    }
    return "incident "
        + incident
        + " is open on "
        + resource
        + ": recover through it, e.g. ./runbook decide "
        + incident
        + " --procedure "
        + procedure.name()
        + " --as <name>";
  }
}
