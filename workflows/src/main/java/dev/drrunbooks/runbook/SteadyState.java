package dev.drrunbooks.runbook;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Waiting for an ECS service to settle, from workflow code: every procedure that deploys. */
public final class SteadyState {

  private SteadyState() {}

  /**
   * Polls DescribeServices from the workflow with a durable timer between polls: a worker crash
   * loses nothing, and each poll's state shows on the step's line. Bounded by the profile's
   * steady-state timeout; a rollout that ECS's circuit breaker fails ends the wait at once. {@code
   * fast} polls more often once every new task runs and only draining is left.
   */
  public static ServiceState await(
      Runbook runbook, String stepId, ServiceRef ref, ServiceProfile profile, boolean fast) {
    return await(runbook, stepId, ref, profile, fast, null, null);
  }

  /**
   * The same, steady on {@code family:revision} only (when {@code revision} is given): the revision
   * a rollback deployed, not the one a lagging DescribeServices still shows settled.
   */
  public static ServiceState await(
      Runbook runbook,
      String stepId,
      ServiceRef ref,
      ServiceProfile profile,
      boolean fast,
      String family,
      Integer revision) {
    long deadline =
        Workflow.currentTimeMillis() + profile.timings().steadyStateTimeoutMinutes() * 60_000L;
    ServiceChecks poller =
        Workflow.newActivityStub(
            ServiceChecks.class,
            summarised(
                RunbookOptions.QUICK_API_CALL, "poll " + ref.service() + " for steady state"));
    while (true) {
      ServiceState state = poller.describeService(ref);
      runbook.detail(stepId, state.oneLine());
      if (revision == null ? state.steady() : state.steadyOn(family, revision)) {
        return state;
      }
      if (state.rolloutFailed()) {
        throw ApplicationFailure.newFailure(
            "ECS failed the rollout (circuit breaker): " + state.oneLine(),
            FailureTypes.CHECK_FAILED);
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "not steady after "
                + profile.timings().steadyStateTimeoutMinutes()
                + " min: "
                + state.oneLine(),
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(pollInterval(profile, fast && state.primaryAllRunning()));
    }
  }

  /**
   * The steady-state poll interval; a fifth of it (at least 1 s) once every new task runs and only
   * the old tasks' draining is left, so the run sees the end of a rollout within seconds.
   */
  public static Duration pollInterval(ServiceProfile profile, boolean closeToDone) {
    int seconds = Math.max(1, profile.timings().steadyStatePollSeconds());
    return Duration.ofSeconds(closeToDone ? Math.max(1, seconds / 5) : seconds);
  }
}
