package dev.drrunbooks.runbook;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Failed steps waiting for a person: retry, skip (when later steps do not need the result) or
 * abort, decided through the {@code resolveStep} update by one of the run's approvers.
 */
final class StepDecisions {

  private final Timeline timeline;
  private final Set<String> awaiting = new LinkedHashSet<>();
  private final Map<String, StepResolution> decisions = new HashMap<>();
  private final List<StepResolution> resolutions = new ArrayList<>();

  StepDecisions(Timeline timeline) {
    this.timeline = timeline;
  }

  void failed(String id) {
    awaiting.add(id);
  }

  /** Waits for the decision on a failed step, reminding while nobody decides. */
  StepResolution await(String id, Duration interval, LongConsumer remind) {
    Reminders.await(interval, () -> decisions.containsKey(id), remind);
    return decisions.remove(id);
  }

  /**
   * Rejects a resolution that does not fit: no action, nobody named, a step that does not wait or
   * may not be skipped, or someone who is not one of the profile's approvers. Before the profile is
   * loaded no approver list is known, and nothing has been changed yet: any named operator may then
   * retry or abort, so such a run can never be stuck for good.
   */
  void validate(
      StepResolutionRequest request, ServiceProfile profile, Supplier<RunStatus> runStatus) {
    if (request == null || request.action() == null) {
      throw new IllegalArgumentException(
          "resolveStep needs an action (RETRY, SKIP or ABORT) and an actor");
    }
    if (Gates.isBlank(request.actor())) {
      throw new IllegalArgumentException("resolveStep needs the actor's name");
    }
    String step = failedStepOf(request, runStatus);
    if (request.action() == Action.SKIP && !timeline.def(step).skippable()) {
      throw new IllegalArgumentException(
          "step '" + step + "' cannot be skipped: later steps need its result; retry or abort");
    }
    if (profile != null && !profile.allowsApprover(request.actor())) {
      throw new IllegalArgumentException(
          "'"
              + request.actor()
              + "' may not resolve steps for service "
              + profile.name()
              + "; allowed: "
              + String.join(", ", profile.approvers()));
    }
  }

  StepResolution resolve(StepResolutionRequest request, Supplier<RunStatus> runStatus) {
    String step = failedStepOf(request, runStatus);
    StepResolution decision =
        new StepResolution(
            step, request.action(), request.actor(), request.comment(), Timeline.now());
    resolutions.add(decision);
    awaiting.remove(step);
    decisions.put(step, decision);
    String why = request.comment() == null ? "" : ": " + request.comment();
    String lastFailure = timeline.view(step).detail();
    String detail =
        switch (request.action()) {
          case RETRY -> "retry asked by " + request.actor() + why;
          case SKIP -> "skipped by " + request.actor() + why + " (failed: " + lastFailure + ")";
          case ABORT ->
              (timeline.def(step).kind() == StepKind.CLEANUP ? "given up by " : "aborted by ")
                  + request.actor()
                  + why
                  + " (failed: "
                  + lastFailure
                  + ")";
        };
    timeline.record(
        Type.STEP_RESOLVED,
        step,
        request.actor(),
        detail,
        Timeline.decisionFacts(request.action().name(), request.via()));
    return decision;
  }

  /** The run is over: no step waits any more. */
  void closeAll() {
    awaiting.clear();
  }

  List<StepResolution> resolutions() {
    return List.copyOf(resolutions);
  }

  private String failedStepOf(StepResolutionRequest request, Supplier<RunStatus> runStatus) {
    if (Gates.isBlank(request.step())) {
      return timeline.onlyOneWaiting(
          awaiting,
          "no step is waiting for a decision (run is " + runStatus.get() + ")",
          "steps",
          "are waiting for a decision; name the one you resolve (--step)");
    }
    if (!awaiting.contains(request.step())) {
      throw new IllegalArgumentException(
          "step '"
              + request.step()
              + "' is not waiting for a decision"
              + (awaiting.isEmpty() ? "" : "; waiting: " + String.join(", ", awaiting)));
    }
    return request.step();
  }
}
