package dev.drrunbooks.runbook;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The machinery every procedure shares. A workflow creates one with its plan, then calls {@link
 * #run} with its body, which walks the plan with {@link #step}, {@link #gate}, {@link #change},
 * {@link #parallel} and {@link #child}. What it gets for free:
 *
 * <ul>
 *   <li>an append-only timeline of events (who, when, what) from which the checklist, the run's
 *       status, the Markdown in the Temporal UI and every report are folded ({@link Checklist});
 *   <li>per-step state: attempts with each failure kept, evidence, child workflow ids;
 *   <li>approval gates and failed-step decisions named per step, so parallel steps are resolved
 *       separately;
 *   <li>cleanups registered before a risky write, run in reverse order in a detached scope when the
 *       run fails, is aborted, rejected or canceled;
 *   <li>notifications that never hold a step; the objectives clock, from the incident's detection
 *       when known.
 * </ul>
 *
 * Lives inside the workflow, so everything here is deterministic and recorded in the history.
 */
public final class Runbook {

  /**
   * Runs recorded before the timeline machinery notify inline and do not claim their resource; they
   * replay on the old path.
   */
  static final String MACHINERY_CHANGE = "runbook-timeline-20261121";

  /** Who the timeline names when the workflow itself acts. */
  public static final String RUNBOOK_ACTOR = "runbook";

  /** The log context key (MDC) naming the step a log line belongs to. */
  public static final String LOG_STEP = "step";

  /**
   * How long a finished run waits for notifications still being delivered, so the last message
   * ("completed", "failed") is not dropped when the workflow closes. The run's status and clock
   * stop before this wait.
   */
  private static final Duration NOTIFY_DRAIN = Duration.ofMinutes(2);

  /** A detected-at this far ahead of the workflow's clock is a mistake, not clock skew. */
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final int MAX_DETAIL = 1000;

  /**
   * Runs from here on end REFUSED, without notifying, when a step's run-ending failure comes before
   * any change; earlier runs ended FAILED and notified.
   */
  static final String REFUSE_BEFORE_CHANGE = "refuse-before-change-20261121";

  /** True once a step that changes something has been started (never in a dry run). */
  private boolean changed;

  /** Who asked to cancel, when {@code runbook cancel} said so before canceling. */
  private CancelRequest cancelBy;

  private static final Logger log = Workflow.getLogger(Runbook.class);
  private static final List<NotificationChannel> LOG_ONLY =
      List.of(new NotificationChannel("log", null));

  private final Procedure procedure;
  private final boolean dryRun;
  private final boolean holdsResource;
  private final List<Step> plan;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final List<TimelineEvent> timeline = new ArrayList<>();
  private final Map<String, String> live = new HashMap<>();
  private final List<ApprovalRecord> approvals = new ArrayList<>();
  private final List<StepResolution> resolutions = new ArrayList<>();
  private final List<String> plannedActions = new ArrayList<>();
  private final Set<String> waitingGates = new LinkedHashSet<>();
  private final Map<String, ApprovalRecord> gateDecisions = new HashMap<>();

  /**
   * The memo that names who may decide for this run (the profile's approvers): {@code runbook
   * cancel} and {@code terminate} read it from the server, so the run's own profile decides who may
   * end it even while no worker runs.
   */
  public static final String DECIDERS_MEMO = "RunbookDeciders";

  /**
   * The one-time ticket of each gate opening, carried by its chat buttons: a click is taken only
   * with the ticket of the opening that is waiting now, in this run, and only once.
   */
  private final Map<String, String> gateTickets = new HashMap<>();

  private final Set<String> awaitingDecision = new LinkedHashSet<>();
  private final Map<String, StepResolution> stepDecisions = new HashMap<>();
  private final List<Cleanup> armed = new ArrayList<>();
  private final long startedAt;
  private final NotifyActivities notifier =
      Workflow.newActivityStub(NotifyActivities.class, RunbookOptions.NOTIFY);
  private final RunMetrics metrics;

  private int version = Workflow.DEFAULT_VERSION;
  private String service;
  private String incidentId;
  private String requestedBy;
  private Long detectedAt;
  private ServiceRef resource;
  private ServiceProfile profile;
  private RunStatus terminal;
  private RunStatus upserted = RunStatus.RUNNING;
  private Long endedAt;
  private String outcome;
  private int pendingNotifications;

  public Runbook(Procedure procedure, RunbookRequest request, List<Step> plan) {
    this.procedure = procedure;
    this.metrics = new RunMetrics(procedure.workflowType());
    this.dryRun = request != null && request.dryRun();
    this.holdsResource = request != null && procedure.holdsResource(request);
    this.plan = List.copyOf(plan);
    this.startedAt = Workflow.currentTimeMillis();
    plan.forEach(s -> steps.put(s.id(), s));
  }

  // --- the run as a whole ------------------------------------------------------------------

  /**
   * Runs a procedure's body: refuses bad input before anything is done, names the run, and on the
   * way out completes it, or fails it (running the registered cleanups first), or, when the run was
   * canceled, runs the cleanups in a detached scope and ends it CANCELED saying what was undone.
   */
  public <R> R run(RunbookRequest request, Supplier<R> body) {
    List<String> problems = problemsOf(request);
    if (!problems.isEmpty()) {
      throw refuse(String.join("; ", problems));
    }
    begin(request);
    try {
      R result = guarded(body);
      if (terminal == null) {
        complete("done");
      }
      drainNotifications();
      return result;
    } catch (TemporalFailure failure) {
      if (CancellationScope.current().isCancelRequested() || isCancellation(failure)) {
        Workflow.newDetachedCancellationScope(this::finishCanceled).run();
        throw failure instanceof CanceledFailure canceled ? canceled : new CanceledFailure(outcome);
      }
      finishFailed(failure);
      drainNotifications();
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
   * From here on approvers, channels and the RTO come from the profile. A run that changes the
   * service must hold the resource it protects: its workflow id is the resource's lock id, so the
   * server refuses a second such run. Starts the objectives clock: crossing 50 % and 80 % of the
   * RTO notifies, so nobody learns at minute 31 that the recovery is late.
   */
  public void useProfile(ServiceProfile profile, ServiceRef resource) {
    if (version >= 1
        && holdsResource
        && Workflow.getInfo().getParentWorkflowId().isEmpty()
        && !Procedure.lockId(resource).equals(Workflow.getInfo().getWorkflowId())) {
      throw refuse(
          "a run that changes "
              + resource
              + " must be started with workflow id '"
              + Procedure.lockId(resource)
              + "', so that no other recovery of it can run at the same time"
              + " (this run is '"
              + Workflow.getInfo().getWorkflowId()
              + "'); './runbook start "
              + procedure.name()
              + "' does this");
    }
    if (version >= 1
        && holdsResource
        && Workflow.getInfo().getParentWorkflowId().isEmpty()
        && Workflow.getVersion(REFUSE_DURING_INCIDENT, Workflow.DEFAULT_VERSION, 1) >= 1) {
      refuseDuringIncident(resource);
    }
    this.profile = profile;
    this.resource = resource;
    if (Workflow.getVersion(DECIDERS_MEMO, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // Who may cancel or terminate this run, readable without a worker (describe): its approvers.
      Workflow.upsertMemo(Map.of(DECIDERS_MEMO, List.copyOf(profile.approvers())));
    }
    record(
        Type.PROFILE_LOADED,
        null,
        RUNBOOK_ACTOR,
        profile.name() + " protects " + resource,
        Map.of("resource", resource.lockKey()));
    if (version >= 1) {
      Workflow.upsertTypedSearchAttributes(
          RunbookSearchAttributes.RESOURCE.valueSet(resource.lockKey()));
    }
    int rto = profile.objectives().rtoMinutes();
    // A recovery an incident runs shares the incident's clock: the incident warns, once.
    boolean incidentKeepsTheClock =
        Workflow.getInfo()
            .getParentWorkflowId()
            .map(id -> id.startsWith(Procedure.INCIDENT_PREFIX))
            .orElse(false);
    // A drill is not a recovery: the incident it runs keeps the clock.
    boolean noClock =
        incidentKeepsTheClock
            || dev.drrunbooks.drill.DrillWorkflow.TYPE.equals(procedure.workflowType());
    for (int percent : noClock ? new int[0] : new int[] {50, 80}) {
      long dueMillis =
          rto * 60_000L * percent / 100 - (Workflow.currentTimeMillis() - clockStartMillis());
      if (dueMillis <= 0) {
        continue;
      }
      Async.procedure(
          () -> {
            Workflow.sleep(Duration.ofMillis(dueMillis));
            if (terminal == null) {
              notify(
                  Notification.Level.WARNING,
                  percent + " % of the RTO used",
                  procedure.workflowType()
                      + " for "
                      + service
                      + " has run "
                      + Durations.format(elapsedSeconds())
                      + " of its "
                      + rto
                      + " min RTO; current step: "
                      + currentStepTitle());
            }
          });
    }
    publish();
  }

  /**
   * A recovery started by hand while an incident is open on the same resource would race the
   * incident's own: it tells the incident (which records the attempt on its timeline) and is
   * refused, naming it. The signal failing means no incident is open.
   */
  private void refuseDuringIncident(ServiceRef resource) {
    String incident = Procedure.incidentId(resource);
    try {
      Workflow.newUntypedExternalWorkflowStub(incident)
          .signal(
              RECOVERY_ATTEMPTED_SIGNAL,
              new RecoveryAttempt(
                  procedure.name(),
                  Workflow.getInfo().getWorkflowId(),
                  isBlank(requestedBy) ? "unknown" : requestedBy));
    } catch (io.temporal.workflow.SignalExternalWorkflowException noIncident) {
      return;
    } catch (ApplicationFailure failed) {
      // The server answers a signal to no open run with this cause: no incident is open.
      if (failed.getType() != null
          && failed.getType().endsWith("EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND")) {
        return;
      }
      throw failed;
    }
    throw refuse(
        "incident "
            + incident
            + " is open on "
            + resource
            + ": recover through it, e.g. ./runbook decide "
            + incident
            + " --procedure "
            + procedure.name()
            + " --as <name>",
        FailureTypes.INCIDENT_OPEN);
  }

  /** The signal an open incident receives when someone starts a recovery of its service by hand. */
  public static final String RECOVERY_ATTEMPTED_SIGNAL = "recoveryAttempted";

  /** Version markers: a failed step reminds; reminders come further apart each time. */
  static final String FAILED_STEPS_REMIND = "failed-steps-remind";

  static final String REMINDERS_BACK_OFF = "reminders-back-off";

  /** The longest a reminder waits after the one before (they double up to it). */
  static final Duration LONGEST_REMINDER_GAP = Duration.ofHours(4);

  /** The profile's reminder interval (15 minutes before a profile is loaded). */
  private Duration reminderInterval() {
    return Duration.ofMinutes(
        profile == null ? 15 : Math.max(1, profile.timings().approvalReminderMinutes()));
  }

  /**
   * When the next reminder goes out: the interval, then twice it, four times..., at most {@link
   * #LONGEST_REMINDER_GAP}: a run that waits a weekend reminds a few dozen times, not every 15
   * minutes, and its history stays bounded.
   */
  static Duration nextReminder(Duration interval, int sent, boolean backsOff) {
    if (!backsOff) {
      return interval;
    }
    Duration next = interval.multipliedBy(1L << Math.min(sent, 10));
    return next.compareTo(LONGEST_REMINDER_GAP) > 0 ? LONGEST_REMINDER_GAP : next;
  }

  /** Signal a run sends the run above it when a gate opens in it or below it. */
  public static final String GATE_WAITING_SIGNAL = "gateWaiting";

  /** Version marker: runs tell their parent of gates, after runs had been recorded without. */
  static final String TELLS_PARENT_OF_GATES = "tells-parent-of-gates";

  /** Gates opened below this run and not yet taken by it (a drill answers them). */
  private final List<GateWaiting> gatesBelow = new ArrayList<>();

  /** A gate opened below: kept for this run, and passed on to the run above. */
  public void gateWaitingBelow(GateWaiting gate) {
    if (gate == null) {
      return;
    }
    gatesBelow.add(gate);
    tellParent(gate);
  }

  /** Whether a gate below waits to be taken. */
  public boolean gateBelowWaiting() {
    return !gatesBelow.isEmpty();
  }

  /** The gates opened below since the last call, oldest first. */
  public List<GateWaiting> takeGatesBelow() {
    List<GateWaiting> taken = List.copyOf(gatesBelow);
    gatesBelow.clear();
    return taken;
  }

  /**
   * Tells the parent run, if any, that a gate waits: a signal sent on its own, so the gate does not
   * wait for it, and bookkeeping, so a parent gone does not fail this run.
   */
  private void tellParent(GateWaiting gate) {
    java.util.Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty()
        || Workflow.getVersion(TELLS_PARENT_OF_GATES, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    Async.procedure(
        () -> {
          try {
            Workflow.newUntypedExternalWorkflowStub(parent.get()).signal(GATE_WAITING_SIGNAL, gate);
          } catch (RuntimeException parentGone) {
            // the parent ended or was canceled meanwhile: nobody above to tell
          }
        });
  }

  /** Runs from here on are refused while an incident is open on their resource. */
  static final String REFUSE_DURING_INCIDENT = "refuse-during-incident-20261121";

  /** Marks the run completed with a one-line outcome; cleanups still armed are not needed. */
  public void complete(String outcome) {
    for (Cleanup c : List.copyOf(armed)) {
      releaseCleanup(c.id, "not needed: the run completed");
    }
    end(RunStatus.COMPLETED, outcome);
    notify(
        Notification.Level.INFO, procedure.workflowType() + " completed for " + service, outcome);
  }

  /**
   * Refuses the run's input before anything is changed: the run ends failed with the reason, and
   * nobody is notified, since nothing happened.
   */
  public ApplicationFailure refuse(String message) {
    return refuse(message, FailureTypes.INVALID_INPUT);
  }

  /** A refusal with the failure type that says why (unknown service, refused revision...). */
  private ApplicationFailure refuse(String message, String type) {
    skipRemaining("run refused");
    end(RunStatus.REFUSED, "refused: " + message);
    return ApplicationFailure.newNonRetryableFailure(message, type);
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
   * at once: they say waiting cannot help.
   */
  public <T> T step(String id, Supplier<T> action, Function<T, String> describe) {
    return step(id, action, describe, r -> Map.of());
  }

  /** A step whose result also leaves evidence: small key → value facts on its checklist line. */
  public <T> T step(
      String id,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    Step def = def(id);
    try {
      while (true) {
        // Log lines of this step, and of its activities (their headers carry it), name the step;
        // set at each attempt, since a retry comes after the thread waited for a decision.
        MDC.put(LOG_STEP, id);
        record(
            Type.STEP_STARTED,
            id,
            RUNBOOK_ACTOR,
            null,
            Map.of(TimelineEvent.ATTEMPT, String.valueOf(attemptsOf(id) + 1)));
        syncStatus();
        try {
          T result = guarded(action);
          live.remove(id);
          record(
              Type.STEP_DONE,
              id,
              RUNBOOK_ACTOR,
              result == null ? "done" : described(describe, result),
              result == null ? Map.of() : evidenceOf(evidence, result));
          return result;
        } catch (TemporalFailure failure) {
          if (isCancellation(failure)) {
            throw failure;
          }
          live.remove(id);
          String reason = reasonOf(failure);
          String type = typeOf(failure);
          boolean ends = def.kind() != StepKind.CLEANUP && def.ends(type);
          Map<String, String> facts = new LinkedHashMap<>();
          facts.put(TimelineEvent.FAILURE_TYPE, type == null ? "unknown" : type);
          facts.put(TimelineEvent.AWAITING_DECISION, String.valueOf(!ends));
          record(Type.STEP_FAILED, id, RUNBOOK_ACTOR, reason, facts);
          metrics.stepFailed(id, type);
          if (ends) {
            if (!changed
                && Workflow.getVersion(REFUSE_BEFORE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
              // Nothing has been changed: the request cannot be carried out as asked.
              throw refuse(id + ": " + reason, type);
            }
            throw endRun(id + ": " + reason, type);
          }
          StepResolution decision = awaitResolution(def, reason);
          if (decision.action() == Action.RETRY) {
            continue;
          }
          if (decision.action() == Action.SKIP || def.kind() == StepKind.CLEANUP) {
            return null;
          }
          throw endRun(
              "aborted by "
                  + decision.actor()
                  + " at step "
                  + id
                  + (decision.comment() == null ? "" : ": " + decision.comment()),
              FailureTypes.ABORTED);
        }
      }
    } catch (TemporalFailure failure) {
      if (isCancellation(failure)) {
        markCanceled(id);
      }
      throw failure;
    } finally {
      MDC.remove(LOG_STEP);
    }
  }

  /**
   * A step that changes the service. In a dry run it is never scheduled: the run records what it
   * would have done and marks the step skipped.
   */
  public <T> T change(String id, String wouldDo, Supplier<T> action, Function<T, String> describe) {
    if (dryRun) {
      plannedActions.add(wouldDo);
      skip(id, "dry run: would " + wouldDo);
      return null;
    }
    changed = true;
    return step(id, action, describe);
  }

  /** One branch of {@link #parallel}: a step of the checklist with its own action. */
  public record Branch<T>(
      String stepId,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {}

  public static <T> Branch<T> branch(
      String stepId, Supplier<T> action, Function<T, String> describe) {
    return new Branch<>(stepId, action, describe, r -> Map.of());
  }

  /** A branch whose result also leaves evidence on its checklist line. */
  public static <T> Branch<T> branch(
      String stepId,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    return new Branch<>(stepId, action, describe, evidence);
  }

  /** What the branches of {@link #parallel} returned (null for a skipped branch). */
  public static final class Results {
    private final Map<String, Object> byStep;

    private Results(Map<String, Object> byStep) {
      this.byStep = byStep;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Branch<T> branch) {
      return (T) byStep.get(branch.stepId());
    }
  }

  /**
   * Runs steps at the same time, each a line of the checklist. A branch that fails waits for its
   * own {@code resolveStep} while the others go on. When one ends the run, the others are canceled
   * before the failure goes on, so no cleanup runs while a sibling is still writing.
   */
  public Results parallel(List<Branch<?>> branches) {
    Map<String, Promise<?>> promises = new LinkedHashMap<>();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> branches.forEach(b -> promises.put(b.stepId(), start(b))));
    scope.run();
    try {
      Promise.allOf(promises.values().toArray(Promise<?>[]::new)).get();
    } catch (TemporalFailure failure) {
      scope.cancel();
      for (Promise<?> p : promises.values()) {
        try {
          p.get();
        } catch (TemporalFailure ignored) {
          // Each sibling has recorded its own end on the timeline.
        }
      }
      throw failure;
    }
    Map<String, Object> values = new HashMap<>();
    promises.forEach((id, p) -> values.put(id, p.get()));
    return new Results(values);
  }

  /**
   * Starts a step in the background and returns at once: for a reversible step that may run while a
   * gate waits (RegionFailover starts the standby while its DNS switch waits for approval).
   */
  public <T> Promise<T> start(Branch<T> branch) {
    return Async.function(
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
          int attempt = attemptsOf(stepId);
          String id = attempt <= 1 ? childId : childId + "-attempt-" + attempt;
          W stub =
              Workflow.newChildWorkflowStub(
                  workflowInterface, ChildWorkflowOptions.newBuilder().setWorkflowId(id).build());
          record(
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
    if (steps.containsKey(step.id())) {
      throw new IllegalStateException("step '" + step.id() + "' is already in the plan");
    }
    steps.put(step.id(), step);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(TimelineEvent.TITLE, step.title());
    facts.put(TimelineEvent.KIND, step.kind().name());
    facts.put(TimelineEvent.SKIPPABLE, String.valueOf(step.skippable()));
    if (after != null) {
      facts.put(TimelineEvent.AFTER, after);
    }
    record(Type.STEP_ADDED, step.id(), RUNBOOK_ACTOR, step.title(), facts);
  }

  /**
   * Waits until an allowed approver decides this gate through the {@code approve} update, or the
   * policy approves it ({@code policyReason} not null). A wait longer than the profile's reminder
   * interval notifies again and keeps waiting: a gate never approves itself.
   */
  public void gate(String id, String question, String policyReason) {
    def(id);
    if (dryRun) {
      skip(id, "dry run: would ask \"" + question + "\"");
      return;
    }
    if (policyReason != null) {
      ApprovalRecord auto = new ApprovalRecord(id, "policy", Decision.APPROVE, policyReason, now());
      approvals.add(auto);
      record(Type.STEP_STARTED, id, RUNBOOK_ACTOR, null, Map.of());
      record(
          Type.GATE_DECIDED,
          id,
          "policy",
          "approved by policy: " + policyReason,
          Map.of(TimelineEvent.DECISION, Decision.APPROVE.name()));
      syncStatus();
      return;
    }
    waitingGates.add(id);
    long waitingSince = Workflow.currentTimeMillis();
    gateTickets.put(id, ticket(id, waitingSince));
    record(Type.GATE_WAITING, id, RUNBOOK_ACTOR, question, Map.of());
    syncStatus();
    tellParent(new GateWaiting(Workflow.getInfo().getWorkflowId(), id));
    notify(Notification.Level.WARNING, "Approval needed: " + id, question + approvalHint(id), id);
    Duration reminder = reminderInterval();
    boolean backsOff = Workflow.getVersion(REMINDERS_BACK_OFF, Workflow.DEFAULT_VERSION, 1) >= 1;
    int reminders = 0;
    try {
      while (!Workflow.await(
          nextReminder(reminder, reminders, backsOff), () -> gateDecisions.containsKey(id))) {
        reminders++;
        notify(
            Notification.Level.CRITICAL,
            "Still waiting for approval: " + id,
            question
                + " (waiting "
                + Durations.format(
                    backsOff
                        ? (Workflow.currentTimeMillis() - waitingSince) / 1000
                        : reminder.toSeconds() * reminders)
                + ")"
                + approvalHint(id),
            id);
      }
    } catch (CanceledFailure canceled) {
      waitingGates.remove(id);
      gateTickets.remove(id);
      markCanceled(id);
      throw canceled;
    }
    ApprovalRecord decision = gateDecisions.remove(id);
    metrics.gateDecided(
        id,
        decision.decision().name(),
        Duration.ofMillis(Workflow.currentTimeMillis() - waitingSince));
    syncStatus();
    if (decision.decision() == Decision.REJECT) {
      throw endRun(
          "gate "
              + id
              + " rejected by "
              + decision.approver()
              + (decision.comment() == null ? "" : ": " + decision.comment()),
          FailureTypes.REJECTED);
    }
  }

  /** Marks a step that does not apply to this run. */
  public void skip(String id, String reason) {
    def(id);
    record(Type.STEP_SKIPPED, id, RUNBOOK_ACTOR, reason, Map.of());
  }

  /** Marks every step that has not started as skipped, e.g. when the run ends early. */
  public void skipRemaining(String reason) {
    for (StepView s : stepViews()) {
      if (s.status() == StepStatus.PENDING && s.kind() != StepKind.CLEANUP) {
        record(Type.STEP_SKIPPED, s.id(), RUNBOOK_ACTOR, reason, Map.of());
      }
    }
  }

  /** Updates the one-line detail of a running step ("1/2 running"); not kept on the timeline. */
  public void detail(String id, String detail) {
    if (!detail.equals(live.put(id, detail))) {
      publish();
    }
  }

  /** A note on the timeline: a fact or decision worth keeping that is not a step of its own. */
  public void note(String actor, String text) {
    record(Type.NOTE, null, actor, text, Map.of());
  }

  // --- cleanup -----------------------------------------------------------------------------

  /**
   * Registers an undo <em>before</em> the risky write it protects. If the run fails, is aborted,
   * rejected or canceled, armed undos run in reverse order of registration, each as a line of the
   * checklist; a failing undo waits for {@code resolveStep} like any step (retry, skip, or abort to
   * give up on that undo) and is never silently lost. The undo must be idempotent: it may run
   * although the write never happened. In a dry run nothing is written, so nothing is registered.
   */
  public void onCleanup(String protects, String id, String title, Supplier<String> undo) {
    if (dryRun) {
      return;
    }
    Step step = Step.cleanup(id, title);
    if (steps.containsKey(id)) {
      throw new IllegalStateException("cleanup '" + id + "' is already registered");
    }
    steps.put(id, step);
    armed.add(new Cleanup(id, title, undo));
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(TimelineEvent.TITLE, title);
    facts.put(TimelineEvent.KIND, StepKind.CLEANUP.name());
    facts.put(TimelineEvent.PROTECTS, protects);
    record(Type.CLEANUP_REGISTERED, id, RUNBOOK_ACTOR, title, facts);
  }

  /** The write no longer needs undoing (e.g. the switch was verified): disarm its cleanup. */
  public void releaseCleanup(String id, String reason) {
    if (armed.removeIf(c -> c.id.equals(id))) {
      record(Type.CLEANUP_RELEASED, id, RUNBOOK_ACTOR, reason, Map.of());
    }
  }

  // --- what the workflow reads -------------------------------------------------------------

  public ServiceProfile profile() {
    return profile;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** When the RTO clock started: the incident's detection if given, else this run's start. */
  public Instant clockStart() {
    return Instant.ofEpochMilli(clockStartMillis());
  }

  public long elapsedSeconds() {
    long end = endedAt != null ? endedAt : Workflow.currentTimeMillis();
    return Math.max(0, (end - clockStartMillis()) / 1000);
  }

  public List<ApprovalRecord> approvals() {
    return List.copyOf(approvals);
  }

  public List<String> plannedActions() {
    return List.copyOf(plannedActions);
  }

  public List<StepView> stepViews() {
    return Checklist.fold(plan, timeline, live);
  }

  public List<TimelineEvent> timeline() {
    return List.copyOf(timeline);
  }

  /**
   * Tells the team. Sent in the background: a slow or dead channel never holds a step; whether it
   * was delivered is recorded on the timeline and logged.
   */
  public void notify(Notification.Level level, String title, String message) {
    notify(level, title, message, null);
  }

  /** A notification that asks for a decision at {@code gate}: chat channels offer buttons. */
  private void notify(Notification.Level level, String title, String message, String gate) {
    List<NotificationChannel> channels =
        profile == null || profile.notifications() == null || profile.notifications().isEmpty()
            ? LOG_ONLY
            : profile.notifications();
    Notification n =
        new Notification(
            service,
            procedure.workflowType(),
            Workflow.getInfo().getWorkflowId(),
            incidentId,
            level,
            title,
            message,
            channels,
            gate,
            gate == null ? null : Workflow.getInfo().getRunId(),
            gate == null ? null : gateTickets.get(gate));
    if (version < 1) {
      try {
        notifier.notify(n);
      } catch (ActivityFailure e) {
        log.warn("Notification '{}' could not be delivered: {}", title, reasonOf(e));
      }
      return;
    }
    pendingNotifications++;
    Async.function(notifier::notify, n)
        .handle(
            (delivered, failure) -> {
              pendingNotifications--;
              if (failure == null) {
                record(
                    Type.NOTIFICATION_SENT,
                    null,
                    RUNBOOK_ACTOR,
                    title,
                    Map.of("channels", String.valueOf(delivered)));
              } else {
                String why = reasonOf(failure);
                log.warn("Notification '{}' could not be delivered: {}", title, why);
                record(Type.NOTIFICATION_FAILED, null, RUNBOOK_ACTOR, title + ": " + why, Map.of());
              }
              return null;
            });
  }

  // --- the handlers behind RunbookWorkflow -------------------------------------------------

  public RunbookProgress progress() {
    List<StepView> views = stepViews();
    return new RunbookProgress(
        procedure.workflowType(),
        Workflow.getInfo().getWorkflowId(),
        service,
        incidentId,
        requestedBy,
        resource == null ? null : resource.lockKey(),
        terminal != null ? terminal : Checklist.derive(views),
        dryRun,
        Instant.ofEpochMilli(startedAt),
        clockStart(),
        endedAt == null ? null : Instant.ofEpochMilli(endedAt),
        elapsedSeconds(),
        // The RTO is a recovery's: a backup, a verification or a validation shows no RTO.
        profile == null
                || !(procedure.exclusive()
                    || Procedure.INCIDENT_TYPE.equals(procedure.workflowType()))
            ? 0
            : profile.objectives().rtoMinutes(),
        views,
        List.copyOf(approvals),
        List.copyOf(resolutions),
        List.copyOf(plannedActions),
        List.copyOf(timeline),
        outcome);
  }

  /**
   * Rejects an approval that does not fit this run, before anything is recorded. Who may decide is
   * decided here, with this run's own profile: a name typed in the CLI or the UI must be one of its
   * approvers; a chat user must be mapped to one in its {@code approverChatIds}, and the click must
   * carry the ticket this run issued when the gate opened.
   */
  public void validateApprove(ApprovalRequest request) {
    if (request != null && request.clickedInChat()) {
      validateChatClick(request);
      return;
    }
    if (request == null || isBlank(request.approver())) {
      throw new IllegalArgumentException(
          "approve needs the approver's name, e.g. {\"gate\":\"...\",\"approver\":\"...\"}");
    }
    String gate = gateOf(request);
    if (!profile.allowsApprover(request.approver())) {
      throw new IllegalArgumentException(
          "approver '"
              + request.approver()
              + "' is not allowed to approve gate "
              + gate
              + " for service "
              + profile.name()
              + "; allowed: "
              + String.join(", ", profile.approvers()));
    }
  }

  private void validateChatClick(ApprovalRequest request) {
    if (isBlank(request.gate()) || isBlank(request.ticket())) {
      throw new IllegalArgumentException(
          "a decision from " + request.chat() + " must name the gate and carry its ticket");
    }
    String gate = gateOf(request);
    if (!request.ticket().equals(gateTickets.get(gate))) {
      throw new IllegalArgumentException(
          "this button was issued for another opening of gate "
              + gate
              + ": only the buttons of the notification sent when it last opened decide it");
    }
    if (mappedChatUser(request) == null) {
      throw new IllegalArgumentException(
          request.chat()
              + " user "
              + String.join(" / ", chatIds(request))
              + " is not mapped to an approver of service "
              + profile.name()
              + " (approverChatIds)");
    }
  }

  /**
   * The ticket of one opening of a gate: derived from this run's id (which the server chose at
   * random), the gate and when it opened, so it is the same on every replay and differs for every
   * opening and every run. It binds a button to that opening; the chat's signature proves who
   * clicked. (Not from {@code Workflow.randomUUID}: that would shift the ids of later activities.)
   */
  private static String ticket(String gate, long openedAtMillis) {
    String opening = Workflow.getInfo().getRunId() + "|" + gate + "|" + openedAtMillis;
    return java.util
        .UUID
        .nameUUIDFromBytes(opening.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** The clicking user's first chat id that the run's own profile maps to an approver, or null. */
  private String mappedChatUser(ApprovalRequest request) {
    return chatIds(request).stream()
        .filter(id -> profile.approverForChatUser(request.chat(), id) != null)
        .findFirst()
        .orElse(null);
  }

  /** The chat user's ids, and only those that say something. */
  private static List<String> chatIds(ApprovalRequest request) {
    return request.chatUserIds() == null
        ? List.of()
        : request.chatUserIds().stream().filter(id -> !isBlank(id)).toList();
  }

  public ApprovalRecord approve(ApprovalRequest request) {
    String gate = gateOf(request);
    String approver = request.approver();
    String via = request.via();
    if (request.clickedInChat()) {
      String user = mappedChatUser(request);
      approver = profile.approverForChatUser(request.chat(), user);
      via = request.chat() + ":" + user;
    }
    ApprovalRecord decision =
        new ApprovalRecord(gate, approver, request.decisionOrDefault(), request.comment(), now());
    approvals.add(decision);
    waitingGates.remove(gate);
    gateTickets.remove(gate);
    gateDecisions.put(gate, decision);
    String verb = decision.decision() == Decision.REJECT ? "rejected by " : "approved by ";
    record(
        Type.GATE_DECIDED,
        gate,
        decision.approver(),
        verb + decision.approver() + (decision.comment() == null ? "" : ": " + decision.comment()),
        decisionFacts(decision.decision().name(), via));
    return decision;
  }

  public void validateResolveStep(StepResolutionRequest request) {
    if (request == null || request.action() == null) {
      throw new IllegalArgumentException(
          "resolveStep needs an action (RETRY, SKIP or ABORT) and an actor");
    }
    if (isBlank(request.actor())) {
      throw new IllegalArgumentException("resolveStep needs the actor's name");
    }
    String step = failedStepOf(request);
    Step def = steps.get(step);
    if (request.action() == Action.SKIP && !def.skippable()) {
      throw new IllegalArgumentException(
          "step '" + step + "' cannot be skipped: later steps need its result; retry or abort");
    }
    // Before the profile is loaded no approver list is known, and nothing has been changed yet:
    // any named operator may then retry or abort, so such a run can never be stuck for good.
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

  public StepResolution resolveStep(StepResolutionRequest request) {
    String step = failedStepOf(request);
    StepResolution decision =
        new StepResolution(step, request.action(), request.actor(), request.comment(), now());
    resolutions.add(decision);
    awaitingDecision.remove(step);
    stepDecisions.put(step, decision);
    String why = request.comment() == null ? "" : ": " + request.comment();
    String lastFailure = view(step).detail();
    String detail =
        switch (request.action()) {
          case RETRY -> "retry asked by " + request.actor() + why;
          case SKIP -> "skipped by " + request.actor() + why + " (failed: " + lastFailure + ")";
          case ABORT ->
              (steps.get(step).kind() == StepKind.CLEANUP ? "given up by " : "aborted by ")
                  + request.actor()
                  + why
                  + " (failed: "
                  + lastFailure
                  + ")";
        };
    record(
        Type.STEP_RESOLVED,
        step,
        request.actor(),
        detail,
        decisionFacts(request.action().name(), request.via()));
    return decision;
  }

  // --- internals ---------------------------------------------------------------------------

  private void begin(RunbookRequest request) {
    version = Workflow.getVersion(MACHINERY_CHANGE, Workflow.DEFAULT_VERSION, 1);
    this.service = request.service();
    this.incidentId = request.incidentId();
    this.requestedBy = request.requestedBy();
    this.detectedAt = request.detectedAt() == null ? null : request.detectedAt().toEpochMilli();
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.SERVICE.valueSet(service),
        RunbookSearchAttributes.PROCEDURE.valueSet(procedure.workflowType()),
        RunbookSearchAttributes.STATUS.valueSet(RunStatus.RUNNING.name()));
    if (incidentId != null) {
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.INCIDENT.valueSet(incidentId));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    if (request.detectedAt() != null) {
      facts.put("detectedAt", request.detectedAt().toString());
    }
    facts.put("dryRun", String.valueOf(dryRun));
    record(
        Type.RUN_STARTED,
        null,
        isBlank(requestedBy) ? "unknown" : requestedBy,
        procedure.workflowType() + " of " + service + (dryRun ? " (dry run)" : ""),
        facts);
  }

  private List<String> problemsOf(RunbookRequest request) {
    if (request == null) {
      return List.of("the request is empty; send e.g. {\"service\":\"sandbox\"}");
    }
    List<String> problems = new ArrayList<>(request.problems());
    if (request.detectedAt() != null
        && request.detectedAt().toEpochMilli()
            > Workflow.currentTimeMillis() + MAX_CLOCK_SKEW.toMillis()) {
      problems.add(
          "detectedAt "
              + request.detectedAt()
              + " is in the future (now "
              + now()
              + "); give the time the failure was detected");
    }
    if (request.detectedAt() != null
        && request.detectedAt().isBefore(now().minus(RunbookRequest.MAX_DETECTION_AGE))) {
      problems.add(
          "detectedAt "
              + request.detectedAt()
              + " is more than "
              + RunbookRequest.MAX_DETECTION_AGE.toDays()
              + " days before now ("
              + now()
              + "): no RTO can be measured from it; give the time the failure was detected, or"
              + " leave it out to measure from the start of the run");
    }
    return problems;
  }

  private void finishFailed(TemporalFailure failure) {
    if (terminal != null) {
      return;
    }
    String message = reasonOf(failure);
    List<String> undone = runCleanups();
    skipRemaining("run failed");
    end(RunStatus.FAILED, "failed: " + message + undoneSuffix(undone));
    notify(
        Notification.Level.CRITICAL,
        procedure.workflowType() + " failed for " + service,
        message + undoneSuffix(undone));
  }

  private static Map<String, String> decisionFacts(String decision, String via) {
    return via == null || via.isBlank()
        ? Map.of(TimelineEvent.DECISION, decision)
        : Map.of(TimelineEvent.DECISION, decision, TimelineEvent.VIA, via);
  }

  /** Records who asks to cancel and why; the cancellation itself comes from Temporal. */
  public void cancelReason(CancelRequest request) {
    if (terminal != null) {
      return;
    }
    cancelBy = request;
    record(
        Type.NOTE, null, actorOf(request), "cancel requested by " + request.describe(), Map.of());
  }

  private static String actorOf(CancelRequest request) {
    return request.actor() == null || request.actor().isBlank() ? "unknown" : request.actor();
  }

  private void finishCanceled() {
    String by = cancelBy == null ? "" : " by " + cancelBy.describe();
    record(
        Type.CANCEL_REQUESTED,
        null,
        cancelBy == null ? null : actorOf(cancelBy),
        "cancel requested" + by,
        Map.of());
    for (StepView s : stepViews()) {
      if (s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING_FOR_APPROVAL) {
        markCanceled(s.id());
      }
    }
    awaitingDecision.clear();
    waitingGates.clear();
    List<String> undone = runCleanups();
    skipRemaining("run canceled");
    String what = undone.isEmpty() ? "; nothing to undo" : undoneSuffix(undone);
    end(RunStatus.CANCELED, "canceled" + by + what);
    notify(
        Notification.Level.WARNING,
        procedure.workflowType() + " canceled for " + service,
        "canceled" + by + what);
    drainNotifications();
  }

  /** Runs the armed undos, newest first; returns one line per undo saying how it ended. */
  private List<String> runCleanups() {
    List<Cleanup> order = new ArrayList<>(armed);
    armed.clear();
    java.util.Collections.reverse(order);
    List<String> results = new ArrayList<>();
    for (Cleanup c : order) {
      step(c.id, c.undo, r -> r);
      StepStatus status = view(c.id).status();
      results.add(
          c.title
              + (status == StepStatus.DONE ? " (done)" : " (" + status.name().toLowerCase() + ")"));
    }
    return results;
  }

  private static String undoneSuffix(List<String> undone) {
    return undone.isEmpty() ? "" : "; undone: " + String.join(", ", undone);
  }

  private void markCanceled(String id) {
    live.remove(id);
    record(Type.STEP_CANCELED, id, RUNBOOK_ACTOR, "run canceled", Map.of());
  }

  private void end(RunStatus status, String outcome) {
    this.outcome = outcome;
    this.endedAt = Workflow.currentTimeMillis();
    this.terminal = status;
    record(Type.RUN_ENDED, null, RUNBOOK_ACTOR, outcome, Map.of("status", status.name()));
    metrics.runEnded(status, dryRun, Duration.ofMillis(endedAt - clockStartMillis()));
    syncStatus();
  }

  private void drainNotifications() {
    if (version >= 1 && pendingNotifications > 0) {
      Workflow.await(NOTIFY_DRAIN, () -> pendingNotifications == 0);
    }
  }

  private StepResolution awaitResolution(Step def, String reason) {
    String id = def.id();
    awaitingDecision.add(id);
    syncStatus();
    notify(
        Notification.Level.CRITICAL,
        "Step failed: " + def.title(),
        reason + ". The run waits for a decision: " + stepCommand(def));
    if (Workflow.getVersion(FAILED_STEPS_REMIND, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // A failed step reminds like a gate: nobody must find it hours later, waiting in silence.
      long since = Workflow.currentTimeMillis();
      int reminders = 0;
      while (!Workflow.await(
          nextReminder(reminderInterval(), reminders, true), () -> stepDecisions.containsKey(id))) {
        reminders++;
        notify(
            Notification.Level.CRITICAL,
            "Still waiting for a decision: step " + def.title(),
            reason
                + " (waiting "
                + Durations.format((Workflow.currentTimeMillis() - since) / 1000)
                + "): "
                + stepCommand(def));
      }
    } else {
      Workflow.await(() -> stepDecisions.containsKey(id));
    }
    StepResolution decision = stepDecisions.remove(id);
    syncStatus();
    return decision;
  }

  /** The command that decides a failed step, offering only what the step allows. */
  private static String stepCommand(Step def) {
    return "./runbook step "
        + Workflow.getInfo().getWorkflowId()
        + " retry|"
        + (def.skippable() ? "skip|" : "")
        + "abort --step "
        + def.id()
        + " --as <name>";
  }

  private String gateOf(ApprovalRequest request) {
    if (isBlank(request.gate())) {
      return onlyOneWaiting(
          waitingGates,
          "no gate of this run is waiting for approval",
          "gates",
          "are waiting for approval; name the one you decide (--gate)");
    }
    Step def = steps.get(request.gate());
    if (def == null || def.kind() != StepKind.GATE) {
      throw new IllegalArgumentException(
          "unknown gate '"
              + request.gate()
              + "'; this run's gates: "
              + String.join(
                  ", ",
                  steps.values().stream()
                      .filter(s -> s.kind() == StepKind.GATE)
                      .map(Step::id)
                      .toList()));
    }
    if (!waitingGates.contains(request.gate())) {
      throw new IllegalArgumentException(
          "gate '"
              + request.gate()
              + "' is not waiting for approval (it is "
              + statusOf(request.gate())
              + ")");
    }
    return request.gate();
  }

  private String failedStepOf(StepResolutionRequest request) {
    if (isBlank(request.step())) {
      return onlyOneWaiting(
          awaitingDecision,
          "no step is waiting for a decision (run is " + progressStatus() + ")",
          "steps",
          "are waiting for a decision; name the one you resolve (--step)");
    }
    if (!awaitingDecision.contains(request.step())) {
      throw new IllegalArgumentException(
          "step '"
              + request.step()
              + "' is not waiting for a decision"
              + (awaitingDecision.isEmpty()
                  ? ""
                  : "; waiting: " + String.join(", ", awaitingDecision)));
    }
    return request.step();
  }

  /** An update may leave out the gate or step only when exactly one is waiting. */
  private String onlyOneWaiting(
      Set<String> waiting, String noneWaiting, String nouns, String severalWaiting) {
    if (waiting.size() == 1) {
      return waiting.iterator().next();
    }
    // In plan order, not in the order they happened to start waiting.
    List<String> inPlanOrder = steps.keySet().stream().filter(waiting::contains).toList();
    throw new IllegalArgumentException(
        waiting.isEmpty()
            ? noneWaiting
            : nouns + " " + String.join(", ", inPlanOrder) + " " + severalWaiting);
  }

  /** A line of the checklist as the timeline has it now. */
  private StepView view(String id) {
    return stepViews().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private StepStatus statusOf(String id) {
    return steps.containsKey(id) ? view(id).status() : StepStatus.PENDING;
  }

  private RunStatus progressStatus() {
    return terminal != null ? terminal : Checklist.derive(stepViews());
  }

  private int attemptsOf(String id) {
    int n = 0;
    for (TimelineEvent e : timeline) {
      if (id.equals(e.step()) && e.type() == Type.STEP_STARTED) {
        n++;
      }
    }
    return n;
  }

  private String approvalHint(String gate) {
    return ". Approve with: ./runbook approve "
        + Workflow.getInfo().getWorkflowId()
        + " --gate "
        + gate
        + " --as <name>";
  }

  private String currentStepTitle() {
    return stepViews().stream()
        .filter(s -> !s.status().finished() && s.status() != StepStatus.PENDING)
        .map(StepView::title)
        .findFirst()
        .orElse("between steps");
  }

  private Step def(String id) {
    Step s = steps.get(id);
    if (s == null) {
      // A programming error in the workflow, not bad input: fail the workflow task so it is fixed.
      throw new IllegalStateException(
          "step '" + id + "' is not in the plan of " + procedure.workflowType());
    }
    return s;
  }

  private void record(
      Type type, String step, String actor, String detail, Map<String, String> facts) {
    timeline.add(
        new TimelineEvent(
            timeline.size() + 1,
            now(),
            type,
            step,
            actor,
            detail == null || detail.length() <= MAX_DETAIL
                ? detail
                : detail.substring(0, MAX_DETAIL - 1) + "…",
            Ordered.copy(facts)));
    publish();
  }

  /**
   * Upserts the status search attribute when the derived status changed. Called from the workflow's
   * own path only, never from an update handler, so the commands keep the order recorded runs have.
   */
  private void syncStatus() {
    RunStatus now = progressStatus();
    if (now != upserted && service != null) {
      upserted = now;
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATUS.valueSet(now.name()));
    }
    publish();
  }

  private void publish() {
    Workflow.setCurrentDetails(ProgressMarkdown.render(progress()));
  }

  private long clockStartMillis() {
    return detectedAt != null ? Math.min(detectedAt, startedAt) : startedAt;
  }

  private Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs workflow code so that an exception it did not mean to throw (a bug) becomes a failure the
   * runbook handles: the step fails and waits for a person, or the run ends FAILED saying what
   * broke and where. Left alone, the SDK would fail the workflow task and retry it every few
   * seconds for ever: the run RUNNING, its lock held, its updates unanswered and a cancel never
   * taken. Temporal's own signals (failures, cancellation, a nondeterminism or a deadlock the SDK
   * detects, the errors that stop a workflow thread) pass through untouched.
   */
  static <T> T guarded(Supplier<T> code) {
    try {
      return code.get();
    } catch (TemporalFailure | io.temporal.worker.NonDeterministicException temporal) {
      throw temporal;
    } catch (RuntimeException bug) {
      if (bug.getClass().getName().startsWith("io.temporal.internal.")) {
        throw bug;
      }
      // The stack goes to the worker's log; the failure carries the one line a person reads.
      Workflow.getLogger(Runbook.class).error("the runbook's workflow code failed", bug);
      throw ApplicationFailure.newNonRetryableFailure(
          "the runbook's workflow code failed: " + bugLine(bug), FailureTypes.WORKFLOW_CODE);
    }
  }

  /** An exception in one line: its type, its message and the runbook's own frame that threw it. */
  static String bugLine(Throwable bug) {
    String where = "";
    for (StackTraceElement frame : bug.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.drrunbooks.")) {
        String cls = frame.getClassName();
        where =
            " at "
                + cls.substring(cls.lastIndexOf('.') + 1)
                + "."
                + frame.getMethodName()
                + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
        break;
      }
    }
    return bug.getClass().getSimpleName()
        + (bug.getMessage() == null ? "" : ": " + bug.getMessage())
        + where;
  }

  /**
   * A step's description of its result. Bookkeeping: when it throws, the step is still done and its
   * line says the description failed, rather than the workflow task failing.
   */
  private static <T> String described(Function<T, String> describe, T result) {
    try {
      return describe.apply(result);
    } catch (TemporalFailure failure) {
      throw failure;
    } catch (RuntimeException bug) {
      return "done (describing its result failed: " + bugLine(bug) + ")";
    }
  }

  /** A step's evidence; bookkeeping like {@link #described}: none when it throws. */
  private static <T> Map<String, String> evidenceOf(
      Function<T, Map<String, String>> evidence, T result) {
    try {
      return evidence.apply(result);
    } catch (TemporalFailure failure) {
      throw failure;
    } catch (RuntimeException bug) {
      return Map.of(TimelineEvent.EVIDENCE_FAILED, bugLine(bug));
    }
  }

  /** The innermost application failure's type, which is what activities set deliberately. */
  public static String typeOf(Throwable failure) {
    String type = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        type = af.getType();
      }
    }
    return type;
  }

  /** The innermost failure's own message, without Temporal's wrapping text. */
  public static String reasonOf(Throwable failure) {
    Throwable inner = failure;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    if (inner instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (inner instanceof TemporalFailure tf) {
      return tf.getOriginalMessage();
    }
    return String.valueOf(inner.getMessage());
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private record Cleanup(String id, String title, Supplier<String> undo) {}
}
