package dev.drrunbooks.rollback;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/** See {@link RevisionTagWorkflow}. */
public class RevisionTagWorkflowImpl implements RevisionTagWorkflow {

  @Override
  public ServiceChange run(RevisionTagRequest request) {
    if (!request.problems().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", request.problems()), FailureTypes.INVALID_INPUT);
    }
    ServiceProfile profile =
        Workflow.newActivityStub(
                ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"))
            .loadProfile(request.service());
    if (!profile.allowsApprover(request.actor())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'"
              + request.actor()
              + "' is not an approver of "
              + profile.name()
              + " (approvers: "
              + String.join(", ", profile.approvers())
              + ")",
          FailureTypes.INVALID_INPUT);
    }
    String tag = profile.ecs().knownBadTag();
    if (tag == null || tag.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the profile " + profile.name() + " sets no ecs.knownBadTag", FailureTypes.INVALID_INPUT);
    }
    String family = profile.ecs().taskFamily();
    MarkRevisionCommand command =
        new MarkRevisionCommand(
            ServiceRef.primary(profile),
            family,
            request.revision(),
            tag,
            request.actor(),
            request.reason());
    ServiceChanges changes =
        Workflow.newActivityStub(
            ServiceChanges.class,
            summarised(
                RunbookOptions.MUTATION,
                (request.mark() ? "mark " : "unmark ") + family + ":" + request.revision()));
    return request.mark() ? changes.markRevisionBad(command) : changes.unmarkRevisionBad(command);
  }
}
