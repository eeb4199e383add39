package dev.drrunbooks.runbook;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The machinery every procedure shares: the checklist, approval gates, failed-step handling, dry
 * run, notifications and the objectives clock. A workflow creates one, declares its steps in order,
 * then walks them with {@link #step}, {@link #gate} and {@link #change}. Lives inside the workflow,
 * so everything here is deterministic and recorded in the history.
 */
public final class Runbook {

  private static final Logger log = Workflow.getLogger(Runbook.class);
  private static final List<NotificationChannel> LOG_ONLY =
      List.of(new NotificationChannel("log", null));

  /** A step of the plan: id (stable, used by updates), title (what the runbook says). */
  public record Step(String id, String title, boolean skippable, boolean gate) {
    public static Step of(String id, String title) {
      return new Step(id, title, true, false);
    }

    /** A step whose result later steps need, so an operator may retry or abort it, not skip it. */
    public static Step required(String id, String title) {
      return new Step(id, title, false, false);
    }

    /** An approval gate, decided through the {@code approve} update. */
    public static Step gate(String id, String title) {
      return new Step(id, title, false, true);
    }
  }

  private final String procedure;
  private final boolean dryRun;
  private final Map<String, MutableStep> steps = new LinkedHashMap<>();
  private final List<ApprovalRecord> approvals = new ArrayList<>();
  private final List<StepResolution> resolutions = new ArrayList<>();
  private final List<String> plannedActions = new ArrayList<>();
  private final long startedAt;
  private final NotifyActivities notifier =
      Workflow.newActivityStub(NotifyActivities.class, RunbookOptions.NOTIFY);

  private String service;
  private String incidentId;
  private ServiceProfile profile;
  private RunStatus status = RunStatus.RUNNING;
  private Long endedAt;
  private String outcome;

  private String waitingGate;
  private ApprovalRecord gateDecision;
  private String failedStep;
  private StepResolution pendingResolution;

  public Runbook(String procedure, boolean dryRun, List<Step> plan) {
    this.procedure = procedure;
    this.dryRun = dryRun;
    this.startedAt = Workflow.currentTimeMillis();
    for (Step s : plan) {
      steps.put(s.id(), new MutableStep(s));
    }
  }

  /** Names the run in search attributes so the UI can list it by service, procedure, incident. */
  public void begin(String service, String incidentId) {
    this.service = service;
    this.incidentId = incidentId;
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.SERVICE.valueSet(service),
        RunbookSearchAttributes.PROCEDURE.valueSet(procedure),
        RunbookSearchAttributes.STATUS.valueSet(status.name()));
    if (incidentId != null) {
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.INCIDENT.valueSet(incidentId));
    }
    publish();
  }

  /**
   * From here on approvers, channels and the RTO come from the profile. Starts the objectives
   * clock: crossing 50 % and 80 % of the RTO notifies, so nobody learns at minute 31 that the
   * recovery is late.
   */
  public void useProfile(ServiceProfile profile) {
    this.profile = profile;
    int rto = profile.objectives().rtoMinutes();
    for (int percent : new int[] {50, 80}) {
      long dueMillis = rto * 60_000L * percent / 100 - (Workflow.currentTimeMillis() - startedAt);
      if (dueMillis <= 0) {
        continue;
      }
      Async.procedure(
          () -> {
            Workflow.sleep(Duration.ofMillis(dueMillis));
            if (!status.finished()) {
              notify(
                  Notification.Level.WARNING,
                  percent + " % of the RTO used",
                  procedure
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

  public ServiceProfile profile() {
    return profile;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /**
   * Runs one step. When it fails after its activity retries, the step is marked failed and the run
   * waits for an operator's {@code resolveStep}: retry runs it again, skip returns {@code null},
   * abort ends the run. Failures listed in {@link FailureTypes#TERMINAL} end the run at once: they
   * say the input is wrong, which waiting cannot fix.
   */
  public <T> T step(String id, Supplier<T> action, Function<T, String> describe) {
    MutableStep s = stepById(id);
    while (true) {
      s.start(now());
      setStatus(RunStatus.RUNNING);
      try {
        T result = action.get();
        s.finish(StepStatus.DONE, now(), describe.apply(result));
        publish();
        return result;
      } catch (TemporalFailure failure) {
        if (isCancellation(failure)) {
          throw failure;
        }
        String reason = reasonOf(failure);
        s.finish(StepStatus.FAILED, now(), reason);
        String type = typeOf(failure);
        if (type != null && FailureTypes.TERMINAL.contains(type)) {
          throw endRun(s.id + ": " + reason, type);
        }
        StepResolution decision = awaitResolution(s, reason);
        switch (decision.action()) {
          case RETRY:
            continue;
          case SKIP:
            s.finish(StepStatus.SKIPPED, now(), "skipped by " + decision.actor() + ": " + reason);
            setStatus(RunStatus.RUNNING);
            return null;
          default:
            throw endRun(
                "aborted by "
                    + decision.actor()
                    + " at step "
                    + s.id
                    + (decision.comment() == null ? "" : ": " + decision.comment()),
                FailureTypes.ABORTED);
        }
      }
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
    return step(id, action, describe);
  }

  /**
   * Waits until an allowed approver approves this gate through the {@code approve} update, or the
   * policy approves it ({@code policyReason} not null). A wait longer than the profile's reminder
   * interval notifies again and keeps waiting: a gate never approves itself.
   */
  public void gate(String id, String question, String policyReason) {
    MutableStep s = stepById(id);
    if (dryRun) {
      skip(id, "dry run: would ask \"" + question + "\"");
      return;
    }
    if (policyReason != null) {
      ApprovalRecord auto = new ApprovalRecord(id, "policy", Decision.APPROVE, policyReason, now());
      approvals.add(auto);
      s.start(now());
      s.finish(StepStatus.DONE, now(), "approved by policy: " + policyReason);
      publish();
      return;
    }
    s.start(now());
    s.status = StepStatus.WAITING_FOR_APPROVAL;
    s.detail = question;
    waitingGate = id;
    gateDecision = null;
    setStatus(RunStatus.WAITING_FOR_APPROVAL);
    notify(Notification.Level.WARNING, "Approval needed: " + id, question + approvalHint(id));
    Duration reminder =
        Duration.ofMinutes(Math.max(1, profile.timings().approvalReminderMinutes()));
    int reminders = 0;
    while (!Workflow.await(reminder, () -> gateDecision != null)) {
      reminders++;
      notify(
          Notification.Level.CRITICAL,
          "Still waiting for approval: " + id,
          question
              + " (waiting "
              + Durations.format(reminder.toSeconds() * reminders)
              + ")"
              + approvalHint(id));
    }
    ApprovalRecord decision = gateDecision;
    waitingGate = null;
    gateDecision = null;
    String who =
        decision.approver() + (decision.comment() == null ? "" : ": " + decision.comment());
    if (decision.decision() == Decision.REJECT) {
      s.finish(StepStatus.FAILED, now(), "rejected by " + who);
      throw endRun("gate " + id + " rejected by " + who, FailureTypes.REJECTED);
    }
    s.finish(StepStatus.DONE, now(), "approved by " + who);
    setStatus(RunStatus.RUNNING);
  }

  /** Marks a step that does not apply to this run. */
  public void skip(String id, String reason) {
    MutableStep s = stepById(id);
    s.finish(StepStatus.SKIPPED, now(), reason);
    publish();
  }

  /** Marks every step that has not started as skipped, e.g. when the run ends early. */
  public void skipRemaining(String reason) {
    Instant at = now();
    steps.values().stream()
        .filter(s -> s.status == StepStatus.PENDING)
        .forEach(s -> s.finish(StepStatus.SKIPPED, at, reason));
    publish();
  }

  /** Updates the one-line detail of a running step (e.g. "1/2 running"). */
  public void detail(String id, String detail) {
    MutableStep s = stepById(id);
    if (!detail.equals(s.detail)) {
      s.detail = detail;
      publish();
    }
  }

  /** Marks the run completed with a one-line outcome and tells the team. */
  public void complete(String outcome) {
    this.outcome = outcome;
    this.endedAt = Workflow.currentTimeMillis();
    setStatus(RunStatus.COMPLETED);
    notify(Notification.Level.INFO, procedure + " completed for " + service, outcome);
  }

  /**
   * Refuses the run's input before anything is done: the run ends failed with the reason, and
   * nobody is notified, since nothing happened.
   */
  public ApplicationFailure refuse(String message) {
    this.outcome = "refused: " + message;
    this.endedAt = Workflow.currentTimeMillis();
    this.status = RunStatus.FAILED;
    publish();
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_INPUT);
  }

  /** Ends the run as failed and returns the failure the workflow method must throw. */
  public ApplicationFailure endRun(String message, String type) {
    this.outcome = "failed: " + message;
    this.endedAt = Workflow.currentTimeMillis();
    setStatus(RunStatus.FAILED);
    notify(Notification.Level.CRITICAL, procedure + " failed for " + service, message);
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  public long elapsedSeconds() {
    long end = endedAt != null ? endedAt : Workflow.currentTimeMillis();
    return (end - startedAt) / 1000;
  }

  public List<ApprovalRecord> approvals() {
    return List.copyOf(approvals);
  }

  public List<String> plannedActions() {
    return List.copyOf(plannedActions);
  }

  public List<StepView> stepViews() {
    return steps.values().stream().map(MutableStep::view).toList();
  }

  /** Sends a notification; a notification that cannot be delivered is logged, never fatal. */
  public void notify(Notification.Level level, String title, String message) {
    List<NotificationChannel> channels =
        profile == null || profile.notifications() == null || profile.notifications().isEmpty()
            ? LOG_ONLY
            : profile.notifications();
    try {
      notifier.notify(
          new Notification(
              service,
              procedure,
              Workflow.getInfo().getWorkflowId(),
              incidentId,
              level,
              title,
              message,
              channels));
    } catch (ActivityFailure e) {
      log.warn("Notification '{}' could not be delivered: {}", title, reasonOf(e));
    }
  }

  // --- the handlers behind RunbookWorkflow -------------------------------------------------

  public RunbookProgress progress() {
    return new RunbookProgress(
        procedure,
        Workflow.getInfo().getWorkflowId(),
        service,
        incidentId,
        status,
        dryRun,
        Instant.ofEpochMilli(startedAt),
        endedAt == null ? null : Instant.ofEpochMilli(endedAt),
        elapsedSeconds(),
        profile == null ? 0 : profile.objectives().rtoMinutes(),
        stepViews(),
        List.copyOf(approvals),
        List.copyOf(resolutions),
        List.copyOf(plannedActions),
        outcome);
  }

  /** Rejects an approval that does not fit this run, before anything is recorded. */
  public void validateApprove(ApprovalRequest request) {
    if (request == null || isBlank(request.gate())) {
      throw new IllegalArgumentException(
          "approve needs a gate, e.g. {\"gate\":\"...\",\"approver\":\"...\"}");
    }
    if (isBlank(request.approver())) {
      throw new IllegalArgumentException("approve needs the approver's name");
    }
    MutableStep s = steps.get(request.gate());
    if (s == null || !s.isGate()) {
      throw new IllegalArgumentException(
          "unknown gate '"
              + request.gate()
              + "'; this run's gates: "
              + String.join(", ", gateIds()));
    }
    if (!request.gate().equals(waitingGate) || gateDecision != null) {
      throw new IllegalArgumentException(
          "gate '" + request.gate() + "' is not waiting for approval (it is " + s.status + ")");
    }
    if (!profile.allowsApprover(request.approver())) {
      throw new IllegalArgumentException(
          "approver '"
              + request.approver()
              + "' is not allowed to approve for service "
              + profile.name()
              + "; allowed: "
              + String.join(", ", profile.approvers()));
    }
  }

  public ApprovalRecord approve(ApprovalRequest request) {
    ApprovalRecord decision =
        new ApprovalRecord(
            request.gate(),
            request.approver(),
            request.decisionOrDefault(),
            request.comment(),
            now());
    approvals.add(decision);
    gateDecision = decision;
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
    if (failedStep == null || pendingResolution != null) {
      throw new IllegalArgumentException(
          "no step is waiting for a decision (run is " + status + ")");
    }
    if (!isBlank(request.step()) && !request.step().equals(failedStep)) {
      throw new IllegalArgumentException(
          "step '" + request.step() + "' is not waiting for a decision; '" + failedStep + "' is");
    }
    if (request.action() == Action.SKIP && !steps.get(failedStep).definition.skippable()) {
      throw new IllegalArgumentException(
          "step '"
              + failedStep
              + "' cannot be skipped: later steps need its result; retry or abort");
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
    StepResolution decision =
        new StepResolution(failedStep, request.action(), request.actor(), request.comment(), now());
    resolutions.add(decision);
    pendingResolution = decision;
    return decision;
  }

  // --- internals ---------------------------------------------------------------------------

  private StepResolution awaitResolution(MutableStep s, String reason) {
    failedStep = s.id;
    pendingResolution = null;
    setStatus(RunStatus.WAITING_FOR_OPERATOR);
    notify(
        Notification.Level.CRITICAL,
        "Step failed: " + s.definition.title(),
        reason
            + ". The run waits: send update resolveStep {\"step\":\""
            + s.id
            + "\",\"action\":\"RETRY|SKIP|ABORT\",\"actor\":\"<you>\"}");
    Workflow.await(() -> pendingResolution != null);
    StepResolution decision = pendingResolution;
    pendingResolution = null;
    failedStep = null;
    return decision;
  }

  private String approvalHint(String gate) {
    return ". Approve with: runbook approve "
        + Workflow.getInfo().getWorkflowId()
        + " --gate "
        + gate
        + " --as <name>";
  }

  private List<String> gateIds() {
    return steps.values().stream().filter(MutableStep::isGate).map(s -> s.id).toList();
  }

  private String currentStepTitle() {
    return steps.values().stream()
        .filter(s -> !s.status.finished() && s.status != StepStatus.PENDING)
        .map(s -> s.definition.title())
        .findFirst()
        .orElse("between steps");
  }

  private MutableStep stepById(String id) {
    MutableStep s = steps.get(id);
    if (s == null) {
      // A programming error in the workflow, not bad input: fail the workflow task so it is fixed.
      throw new IllegalStateException("step '" + id + "' is not in the plan of " + procedure);
    }
    return s;
  }

  private void setStatus(RunStatus next) {
    boolean changed = next != status;
    status = next;
    if (changed && service != null) {
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATUS.valueSet(next.name()));
    }
    publish();
  }

  private void publish() {
    Workflow.setCurrentDetails(ProgressMarkdown.render(progress()));
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

  /** The innermost application failure's type, which is what activities set deliberately. */
  static String typeOf(Throwable failure) {
    String type = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        type = af.getType();
      }
    }
    return type;
  }

  /** The innermost failure's own message, without Temporal's wrapping text. */
  static String reasonOf(Throwable failure) {
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

  private static final class MutableStep {
    final Step definition;
    final String id;
    StepStatus status = StepStatus.PENDING;
    Instant startedAt;
    Instant endedAt;
    int attempts;
    String detail;

    MutableStep(Step definition) {
      this.definition = definition;
      this.id = definition.id();
    }

    boolean isGate() {
      return definition.gate();
    }

    void start(Instant at) {
      status = StepStatus.RUNNING;
      startedAt = at;
      endedAt = null;
      attempts++;
      detail = null;
    }

    void finish(StepStatus to, Instant at, String why) {
      status = to;
      endedAt = at;
      detail = why;
    }

    StepView view() {
      return new StepView(id, definition.title(), status, startedAt, endedAt, attempts, detail);
    }
  }
}
