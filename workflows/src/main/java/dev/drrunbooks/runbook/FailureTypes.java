package dev.drrunbooks.runbook;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.service.ServiceChecks;
import java.util.Set;
import java.util.stream.Stream;

/** Application failure types shared by workflows, activities and the CLI. */
public final class FailureTypes {

  /** The run's input is wrong; nothing was done. */
  public static final String INVALID_INPUT = "InvalidInput";

  /** An operator aborted the run at a failed step. */
  public static final String ABORTED = "Aborted";

  /** An approver rejected a gate. */
  public static final String REJECTED = "Rejected";

  /** An incident is open on the resource: recoveries go through it. */
  public static final String INCIDENT_OPEN = "IncidentOpen";

  /** A wait (steady state, rollout) did not finish within its bound. */
  public static final String TIMED_OUT = "StepTimedOut";

  /** A check found the service in a state the step cannot accept. */
  public static final String CHECK_FAILED = "CheckFailed";

  /**
   * The runbook's own workflow code threw an exception it did not mean to (a bug, e.g. a null it
   * did not expect): the step it happened in fails and waits for a person, or, outside any step,
   * the run ends FAILED with the exception in its reason, instead of retrying its workflow task
   * forever with nobody told.
   */
  public static final String WORKFLOW_CODE = "WorkflowCodeFailed";

  /**
   * Failures that end a run whichever step they come from: the input is wrong. Everything else is
   * decided per step ({@link Step#endsRunOn}); what a step does not list waits for an operator.
   */
  public static final Set<String> ALWAYS_TERMINAL = Set.of(INVALID_INPUT);

  /**
   * Types an activity's retry policy must not retry: the answer will be the same next time (the
   * ports below the machinery; a port above it adds its own, see {@link
   * RunbookOptions#summarised}). A step still decides whether such a failure ends the run or waits
   * for an operator (who may fix the cause, e.g. grant a permission, and retry).
   */
  public static final String[] DO_NOT_RETRY =
      Stream.of(
              INVALID_INPUT,
              ProfileActivities.UNKNOWN_SERVICE,
              ProfileActivities.INVALID_PROFILE,
              ServiceChecks.SERVICE_NOT_FOUND,
              ServiceChecks.NO_STABLE_REVISION,
              ServiceChecks.UNKNOWN_REVISION,
              ServiceChecks.LOG_GROUP_NOT_FOUND,
              ServiceChecks.TARGET_GROUP_NOT_FOUND,
              ServiceChecks.ACCESS_DENIED,
              ServiceChecks.REJECTED_BY_AWS,
              dev.drrunbooks.sync.SyncChecks.TOKEN_MISSING,
              dev.drrunbooks.service.DnsRecords.RECORD_NOT_FOUND,
              dev.drrunbooks.service.DatabaseReplicas.INSTANCE_NOT_FOUND,
              dev.drrunbooks.service.DatabaseRestores.RESTORE_REFUSED)
          .sorted()
          .toArray(String[]::new);

  private FailureTypes() {}
}
