package dev.drrunbooks.sandbox;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/** See {@link SandboxControlWorkflow}. Refuses any profile that is not a sandbox. */
public class SandboxControlWorkflowImpl implements SandboxControlWorkflow {

  @Override
  public String run(SandboxCommand command) {
    if (!command.problems().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", command.problems()), FailureTypes.INVALID_INPUT);
    }
    ServiceProfile profile =
        Workflow.newActivityStub(
                ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"))
            .loadProfile(command.serviceOrDefault());
    if (profile.target() != ServiceProfile.Target.SANDBOX) {
      throw ApplicationFailure.newNonRetryableFailure(
          "profile "
              + profile.name()
              + " is not a sandbox (target "
              + profile.target().name().toLowerCase()
              + "): only the simulation can be broken on purpose",
          FailureTypes.INVALID_INPUT);
    }
    return Workflow.newActivityStub(
            SandboxActivities.class,
            summarised(RunbookOptions.QUICK_API_CALL, command.action() + " sandbox"))
        .control(command, ServiceRef.primary(profile), profile.ecs().taskFamily());
  }
}
