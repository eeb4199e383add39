package dev.drrunbooks.runbook;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The machinery every procedure shares, as a small facade over parts with one job each: the {@link
 * Timeline} the checklist is folded from, the {@link Gates}, the failed-step {@link StepDecisions},
 * the {@link Cleanups}, the {@link Notifier}, the {@link ObjectivesClock}, the {@link ResourceLock}
 * and the {@link ParentLink}. A workflow creates one with its plan, then calls {@link #run} with
 * its body, which walks the plan with {@link #step}, {@link #gate}, {@link #change}, {@link
 * #parallel} and {@link #child}.
 *
 * <p>Lives inside the workflow, so everything here is deterministic and recorded in the history.
 */
public final class Runbook {

  /** Who the timeline names when the workflow itself acts. */
  public static final String RUNBOOK_ACTOR = "runbook";

  /** The log context key (MDC) naming the step a log line belongs to. */
  public static final String LOG_STEP = "step";

  /**
   * The memo that names who may decide for this run (the profile's approvers): {@code runbook
   * cancel} and {@code terminate} read it from the server, so the run's own profile decides who may
   * end it even while no worker runs.
   */
  public static final String DECIDERS_MEMO = "RunbookDeciders";

  private final RunState state;
  private final Procedure procedure;
  private final boolean dryRun;
  private final boolean holdsResource;
  private final Timeline timeline;
  private final Gates gates;
  private final StepDecisions stepDecisions;
  private final Cleanups cleanups;
  private final StepRunner steps;
  private final ParentLink parent;

  /** Who asked to cancel, when {@code runbook cancel} said so before canceling. */
  private CancelRequest cancelBy;

  public Runbook(Procedure procedure, RunbookRequest request, List<Step> plan) {
    this.procedure = procedure;
    this.dryRun = request != null && request.dryRun();
    this.holdsResource = request != null && procedure.holdsResource(request);
    this.state = new RunState(procedure, dryRun, plan);
    this.timeline = state.timeline;
    this.gates = state.gates;
    this.stepDecisions = state.stepDecisions;
    this.cleanups = new Cleanups(timeline);
    this.steps = new StepRunner(state);
    this.parent = state.parent;
  }

  // --- the run as a whole ------------------------------------------------------------------

  /**
   * Runs a procedure's body: refuses bad input before anything is done, names the run, and on the
   * way out completes it, or fails it (running the registered cleanups first), or, when the run was
   * canceled, runs the cleanups in a detached scope and ends it CANCELED saying what was undone.
   */
  public <R> R run(RunbookRequest request, Supplier<R> body) {
    if (request == null) {
      throw refuse("the request is empty; send e.g. {\"service\":\"sandbox\"}");
    }
    List<String> problems = new ArrayList<>(request.problems());
    problems.addAll(ObjectivesClock.problemsOf(request.detectedAt()));
    if (!problems.isEmpty()) {
      throw refuse(String.join("; ", problems));
    }
    state.begin(request);
    try {
      R result = Failures.guarded(body);
      if (state.terminal == null) {
        complete("done");
      }
      state.notifier.drain();
      return result;
    } catch (TemporalFailure failure) {
      if (CancellationScope.current().isCancelRequested() || Failures.isCancellation(failure)) {
        Workflow.newDetachedCancellationScope(this::finishCanceled).run();
        throw failure instanceof CanceledFailure canceled
            ? canceled
            : new CanceledFailure(state.outcome);
      }
      finishFailed(failure);
      state.notifier.drain();
      throw failure;
    }
  }

  /**
   * The usual first step: loads the profile (its exact content lands in the history) and holds the
   * profile's primary service with {@link #useProfile}.
   */
  public ServiceProfile loadProfile(String stepId, String service) {
    ProfileActivities profiles =
        Workflow.newActivityStub(
            ProfileActivities.class,
            RunbookOptions.summarised(RunbookOptions.LOAD_PROFILE, "load profile"));
    ServiceProfile profile =
        step(
            stepId,
            () -> profiles.loadProfile(service),
            p -> p.name() + " (" + p.target().name().toLowerCase() + ")");
    useProfile(profile, ServiceRef.primary(profile));
    return profile;
  }

  /**
   * From here on approvers, channels and the RTO come from the profile. A top-level run that
   * changes the service must hold the resource it protects ({@link ResourceLock}). Starts the
   * objectives clock's warnings, unless an incident above keeps the clock or the procedure measures
   * no RTO (a drill, a backup, a validation).
   */
  public void useProfile(ServiceProfile profile, ServiceRef resource) {
    if (holdsResource && parent.none()) {
      String refused = ResourceLock.wrongId(procedure, resource);
      if (refused != null) {
        throw refuse(refused);
      }
      refused = ResourceLock.incidentOpen(procedure, resource, state.actorOr(state.requestedBy));
      if (refused != null) {
        throw state.refuse(refused, FailureTypes.INCIDENT_OPEN);
      }
    }
    state.profile = profile;
    state.resource = resource;
    // Who may cancel or terminate this run, readable without a worker (describe): its approvers.
    Workflow.upsertMemo(Map.of(DECIDERS_MEMO, List.copyOf(profile.approvers())));
    timeline.record(
        Type.PROFILE_LOADED,
        null,
        RUNBOOK_ACTOR,
        profile.name() + " protects " + resource,
        Map.of("resource", resource.lockKey()));
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.RESOURCE.valueSet(resource.lockKey()));
    int rto = profile.objectives().rtoMinutes();
    if (procedure.measuresRto() && !parent.isIncident()) {
      state.clock.warnAt(rto, percent -> state.rtoWarning(percent, rto));
    }
    state.publish();
  }

  /** Marks the run completed with a one-line outcome; cleanups still armed are not needed. */
  public void complete(String outcome) {
    cleanups.releaseAll("not needed: the run completed");
    state.end(RunStatus.COMPLETED, outcome);
    state.notify(
        Notification.Level.INFO,
        procedure.workflowType() + " completed for " + state.service,
        outcome);
  }

  /**
   * Refuses the run's input before anything is changed: the run ends failed with the reason, and
   * nobody is notified, since nothing happened.
   */
  public ApplicationFailure refuse(String message) {
    return state.refuse(message, FailureTypes.INVALID_INPUT);
  }

  /**
   * The failure that ends the run; throw it from the workflow. {@link #run} then runs the cleanups,
   * marks the run failed and tells the team.
   */
  public ApplicationFailure endRun(String message, String type) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  // --- steps -------------------------------------------------------------------------------

  /**
   * Runs one step. When it fails after its activity retries, the step is marked failed and waits
   * for an operator's {@code resolveStep} naming it: retry runs it again, skip returns {@code
   * null}, abort ends the run. Failure types the step lists in {@link Step#endsRunOn} end the run
   * at once: they say waiting cannot help ({@link StepRunner}).
   */
  public <T> T step(String id, Supplier<T> action, Function<T, String> describe) {
    return steps.run(id, action, describe, r -> Map.of());
  }

  /** A step whose result also leaves evidence: small key → value facts on its checklist line. */
  public <T> T step(
      String id,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    return steps.run(id, action, describe, evidence);
  }

  /**
   * A step that changes the service. In a dry run it is never scheduled: the run records what it
   * would have done and marks the step skipped.
   */
  public <T> T change(String id, String wouldDo, Supplier<T> action, Function<T, String> describe) {
    if (dryRun) {
      state.plannedActions.add(wouldDo);
      skip(id, "dry run: would " + wouldDo);
      return null;
    }
    steps.changed();
    return step(id, action, describe);
  }

  /** Runs steps at the same time, each a line of the checklist ({@link Parallel}). */
  public Parallel.Results parallel(List<Branch<?>> branches) {
    return Parallel.run(branches, b -> start(b));
  }

  /**
   * Starts a step in the background and returns at once: for a reversible step that may run while a
   * gate waits (RegionFailover starts the standby while its DNS switch waits for approval).
   */
  public <T> io.temporal.workflow.Promise<T> start(Branch<T> branch) {
    return io.temporal.workflow.Async.function(
        () -> step(branch.stepId(), branch.action(), branch.describe(), branch.evidence()));
  }

  /**
   * Runs a child workflow as a step; its workflow id is on the step's line. A retried step starts a
   * new child with an attempt suffix. Pass the child {@link #clockStart()} as its detected-at so
   * both measure the RTO from the same moment.
   */
  public <W, R> R child(
      String stepId,
      Class<W> workflowInterface,
      String childId,
      Function<W, R> call,
      Function<R, String> describe) {
    return step(
        stepId,
        () -> {
          int attempt = timeline.attemptsOf(stepId);
          String id = attempt <= 1 ? childId : childId + "-attempt-" + attempt;
          W stub =
              Workflow.newChildWorkflowStub(
                  workflowInterface,
                  io.temporal.workflow.ChildWorkflowOptions.newBuilder().setWorkflowId(id).build());
          timeline.record(
              Type.CHILD_STARTED,
              stepId,
              RUNBOOK_ACTOR,
              "child workflow " + id,
              Map.of(TimelineEvent.WORKFLOW_ID, id));
          return call.apply(stub);
        },
        describe);
  }

  /**
   * Adds a step decided at run time (e.g. the recovery procedure chosen after assessment), after
   * the step named, or at the end when {@code after} is null.
   */
  public void addStep(Step step, String after) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(TimelineEvent.TITLE, step.title());
    facts.put(TimelineEvent.KIND, step.kind().name());
    facts.put(TimelineEvent.SKIPPABLE, String.valueOf(step.skippable()));
    if (after != null) {
      facts.put(TimelineEvent.AFTER, after);
    }
    timeline.add(step, Type.STEP_ADDED, facts);
  }

  /**
   * Waits until an allowed approver decides this gate through the {@code approve} update, or the
   * policy approves it ({@code policyReason} not null). A wait longer than the profile's reminder
   * interval notifies again and keeps waiting: a gate never approves itself.
   */
  public void gate(String id, String question, String policyReason) {
    timeline.def(id);
    if (dryRun) {
      skip(id, "dry run: would ask \"" + question + "\"");
      return;
    }
    if (policyReason != null) {
      gates.approveByPolicy(id, policyReason);
      state.syncStatus();
      return;
    }
    state.awaitApproval(id, question);
  }

  /** Marks a step that does not apply to this run. */
  public void skip(String id, String reason) {
    timeline.def(id);
    timeline.record(Type.STEP_SKIPPED, id, RUNBOOK_ACTOR, reason, Map.of());
  }

  /** Updates the one-line detail of a running step ("1/2 running"); not kept on the timeline. */
  public void detail(String id, String detail) {
    if (timeline.detail(id, detail)) {
      state.publish();
    }
  }

  /** A note on the timeline: a fact or decision worth keeping that is not a step of its own. */
  public void note(String actor, String text) {
    timeline.record(Type.NOTE, null, actor, text, Map.of());
  }

  /**
   * Registers an undo <em>before</em> the risky write it protects. If the run fails, is aborted,
   * rejected or canceled, armed undos run in reverse order of registration, each as a line of the
   * checklist; a failing undo waits for {@code resolveStep} like any step (retry, skip, or abort to
   * give up on that undo) and is never silently lost. The undo must be idempotent: it may run
   * although the write never happened. In a dry run nothing is written, so nothing is registered.
   */
  public void onCleanup(String protects, String id, String title, Supplier<String> undo) {
    if (!dryRun) {
      cleanups.register(protects, id, title, undo);
    }
  }

  /** The write no longer needs undoing (e.g. the switch was verified): disarm its cleanup. */
  public void releaseCleanup(String id, String reason) {
    cleanups.release(id, reason);
  }

  // --- gates below: a drill answers the gates its incident and recoveries open ---------------

  /** A gate opened below: kept for this run, and passed on to the run above. */
  public void gateWaitingBelow(GateWaiting gate) {
    parent.heard(gate);
  }

  /** Whether a gate below waits to be taken. */
  public boolean gateBelowWaiting() {
    return parent.gateBelowWaiting();
  }

  /** The gates opened below since the last call, oldest first. */
  public List<GateWaiting> takeGatesBelow() {
    return parent.takeGatesBelow();
  }

  // --- what the workflow reads -------------------------------------------------------------

  public ServiceProfile profile() {
    return state.profile;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** When the RTO clock started: the incident's detection if given, else this run's start. */
  public Instant clockStart() {
    return state.clock.start();
  }

  public long elapsedSeconds() {
    return state.clock.elapsedSeconds();
  }

  public List<ApprovalRecord> approvals() {
    return gates.approvals();
  }

  public List<String> plannedActions() {
    return List.copyOf(state.plannedActions);
  }

  public List<StepView> stepViews() {
    return timeline.views();
  }

  public List<TimelineEvent> timeline() {
    return timeline.events();
  }

  /**
   * Tells the team. Sent in the background: a slow or dead channel never holds a step; whether it
   * was delivered is recorded on the timeline and logged.
   */
  public void notify(Notification.Level level, String title, String message) {
    state.notify(level, title, message);
  }

  /** Marks every step that has not started as skipped, e.g. when the run ends early. */
  public void skipRemaining(String reason) {
    state.skipRemaining(reason);
  }

  // --- the handlers behind RunbookWorkflow -------------------------------------------------

  public RunbookProgress progress() {
    return state.progress();
  }

  /**
   * Rejects an approval that does not fit this run, before anything is recorded ({@link Gates}).
   */
  public void validateApprove(ApprovalRequest request) {
    gates.validate(request, state.profile);
  }

  public ApprovalRecord approve(ApprovalRequest request) {
    return gates.decide(request, state.profile);
  }

  public void validateResolveStep(StepResolutionRequest request) {
    stepDecisions.validate(request, state.profile, state::progressStatus);
  }

  public StepResolution resolveStep(StepResolutionRequest request) {
    return stepDecisions.resolve(request, state::progressStatus);
  }

  /** Records who asks to cancel and why; the cancellation itself comes from Temporal. */
  public void cancelReason(CancelRequest request) {
    if (state.terminal != null) {
      return;
    }
    cancelBy = request;
    note(state.actorOr(request.actor()), "cancel requested by " + request.describe());
  }

  // --- internals ---------------------------------------------------------------------------

  private void finishFailed(TemporalFailure failure) {
    if (state.terminal != null) {
      return;
    }
    String message = Failures.reasonOf(failure);
    String undone = undoneSuffix(runCleanups());
    state.skipRemaining("run failed");
    state.end(RunStatus.FAILED, "failed: " + message + undone);
    state.notify(
        Notification.Level.CRITICAL,
        procedure.workflowType() + " failed for " + state.service,
        message + undone);
  }

  private void finishCanceled() {
    String by = cancelBy == null ? "" : " by " + cancelBy.describe();
    timeline.record(
        Type.CANCEL_REQUESTED,
        null,
        cancelBy == null ? null : state.actorOr(cancelBy.actor()),
        "cancel requested" + by,
        Map.of());
    for (StepView s : stepViews()) {
      if (s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING_FOR_APPROVAL) {
        state.markCanceled(s.id());
      }
    }
    stepDecisions.closeAll();
    gates.closeAll();
    List<String> undone = runCleanups();
    state.skipRemaining("run canceled");
    String what = undone.isEmpty() ? "; nothing to undo" : undoneSuffix(undone);
    state.end(RunStatus.CANCELED, "canceled" + by + what);
    state.notify(
        Notification.Level.WARNING,
        procedure.workflowType() + " canceled for " + state.service,
        "canceled" + by + what);
    state.notifier.drain();
  }

  /** Runs the armed undos, newest first; returns one line per undo saying how it ended. */
  private List<String> runCleanups() {
    List<String> results = new ArrayList<>();
    for (Cleanups.Cleanup c : cleanups.takeNewestFirst()) {
      step(c.id(), c.undo(), r -> r);
      StepStatus status = timeline.view(c.id()).status();
      results.add(
          c.title()
              + (status == StepStatus.DONE ? " (done)" : " (" + status.name().toLowerCase() + ")"));
    }
    return results;
  }

  private static String undoneSuffix(List<String> undone) {
    return undone.isEmpty() ? "" : "; undone: " + String.join(", ", undone);
  }
}
