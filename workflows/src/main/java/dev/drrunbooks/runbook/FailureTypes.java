package dev.drrunbooks.runbook;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.service.ServiceChecks;
import java.util.Set;

/** Application failure types shared by workflows, activities and the CLI. */
public final class FailureTypes {

  /** The run's input is wrong; nothing was done. */
  public static final String INVALID_INPUT = "InvalidInput";

  /** An operator aborted the run at a failed step. */
  public static final String ABORTED = "Aborted";

  /** An approver rejected a gate. */
  public static final String REJECTED = "Rejected";

  /** A wait (steady state, rollout) did not finish within its bound. */
  public static final String TIMED_OUT = "StepTimedOut";

  /** A check found the service in a state the step cannot accept. */
  public static final String CHECK_FAILED = "CheckFailed";

  /**
   * Failures that no retry, skip or operator decision can fix within this run: the input or the
   * profile is wrong. The run ends at once with the failure's message.
   */
  public static final Set<String> TERMINAL =
      Set.of(
          INVALID_INPUT,
          ProfileActivities.UNKNOWN_SERVICE,
          ProfileActivities.INVALID_PROFILE,
          ServiceChecks.SERVICE_NOT_FOUND,
          ServiceChecks.NO_STABLE_REVISION,
          ServiceChecks.UNKNOWN_REVISION);

  /**
   * Types an activity's retry policy must not retry: the terminal ones, and a refused permission,
   * which an operator can grant and then retry the step.
   */
  public static final String[] DO_NOT_RETRY =
      java.util.stream.Stream.concat(
              TERMINAL.stream(), java.util.stream.Stream.of(ServiceChecks.ACCESS_DENIED))
          .sorted()
          .toArray(String[]::new);

  private FailureTypes() {}
}
