package dev.drrunbooks.runbook;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.text.Durations;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known of a run, in one place: who started it and for what, its timeline, gates and
 * failed-step decisions, its clock and its status. From it the run's progress is folded, published
 * to the Temporal UI (Markdown and the status search attribute) and told to the team.
 */
final class RunState {

  private static final String RUNBOOK_ACTOR = Runbook.RUNBOOK_ACTOR;
  private static final List<NotificationChannel> LOG_ONLY =
      List.of(new NotificationChannel("log", null));

  final Procedure procedure;
  final boolean dryRun;
  final Timeline timeline;
  final Gates gates;
  final StepDecisions stepDecisions;
  final Notifier notifier;
  final ObjectivesClock clock = new ObjectivesClock();
  final RunMetrics metrics;
  final ParentLink parent = new ParentLink();
  final List<String> plannedActions = new ArrayList<>();

  String service;
  String incidentId;
  String requestedBy;
  ServiceRef resource;
  ServiceProfile profile;
  RunStatus terminal;
  String outcome;
  private RunStatus upserted = RunStatus.RUNNING;

  RunState(Procedure procedure, boolean dryRun, List<Step> plan) {
    this.procedure = procedure;
    this.dryRun = dryRun;
    this.metrics = new RunMetrics(procedure.workflowType());
    this.timeline = new Timeline(procedure.workflowType(), plan);
    this.gates = new Gates(timeline);
    this.stepDecisions = new StepDecisions(timeline);
    this.notifier = new Notifier(timeline);
    timeline.onChange(this::publish);
  }

  void rtoWarning(int percent, int rto) {
    notify(
        Notification.Level.WARNING,
        percent + " % of the RTO used",
        procedure.workflowType()
            + " for "
            + service
            + " has run "
            + Durations.format(clock.elapsedSeconds())
            + " of its "
            + rto
            + " min RTO; current step: "
            + currentStepTitle());
  }

  /** Marks every step that has not started as skipped, e.g. when the run ends early. */
  void skipRemaining(String reason) {
    for (StepView s : timeline.views()) {
      if (s.status() == StepStatus.PENDING && s.kind() != StepKind.CLEANUP) {
        timeline.record(Type.STEP_SKIPPED, s.id(), RUNBOOK_ACTOR, reason, Map.of());
      }
    }
  }

  /**
   * Tells the team. Sent in the background: a slow or dead channel never holds a step; whether it
   * was delivered is recorded on the timeline and logged.
   */
  void notify(Notification.Level level, String title, String message) {
    notify(level, title, message, null);
  }

  /** A notification that asks for a decision at {@code gate}: chat channels offer buttons. */
  void notify(Notification.Level level, String title, String message, String gate) {
    List<NotificationChannel> channels =
        profile == null || profile.notifications() == null || profile.notifications().isEmpty()
            ? LOG_ONLY
            : profile.notifications();
    notifier.send(
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
            gate == null ? null : gates.ticket(gate)));
  }

  RunbookProgress progress() {
    List<StepView> views = timeline.views();
    return new RunbookProgress(
        procedure.workflowType(),
        Workflow.getInfo().getWorkflowId(),
        service,
        incidentId,
        requestedBy,
        resource == null ? null : resource.lockKey(),
        terminal != null ? terminal : Checklist.derive(views),
        dryRun,
        clock.startedAt(),
        clock.start(),
        clock.endedAt(),
        clock.elapsedSeconds(),
        // The RTO is a recovery's: a backup, a verification or a validation shows no RTO.
        profile == null || !procedure.measuresRto() ? 0 : profile.objectives().rtoMinutes(),
        views,
        gates.approvals(),
        stepDecisions.resolutions(),
        List.copyOf(plannedActions),
        timeline.events(),
        outcome);
  }

  void begin(RunbookRequest request) {
    this.service = request.service();
    this.incidentId = request.incidentId();
    this.requestedBy = request.requestedBy();
    clock.detectedAt(request.detectedAt());
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
    timeline.record(
        Type.RUN_STARTED,
        null,
        actorOr(requestedBy),
        procedure.workflowType() + " of " + service + (dryRun ? " (dry run)" : ""),
        facts);
  }

  void markCanceled(String id) {
    timeline.endLive(id);
    timeline.record(Type.STEP_CANCELED, id, RUNBOOK_ACTOR, "run canceled", Map.of());
  }

  void end(RunStatus status, String outcome) {
    this.outcome = outcome;
    this.terminal = status;
    clock.stop();
    timeline.record(Type.RUN_ENDED, null, RUNBOOK_ACTOR, outcome, Map.of("status", status.name()));
    metrics.runEnded(status, dryRun, clock.measured());
    syncStatus();
  }

  RunStatus progressStatus() {
    return terminal != null ? terminal : Checklist.derive(timeline.views());
  }

  String currentStepTitle() {
    return timeline.views().stream()
        .filter(s -> !s.status().finished() && s.status() != StepStatus.PENDING)
        .map(StepView::title)
        .findFirst()
        .orElse("between steps");
  }

  /**
   * Upserts the status search attribute when the derived status changed. Called from the workflow's
   * own path only, never from an update handler, so the commands keep the order recorded runs have.
   */
  void syncStatus() {
    RunStatus now = progressStatus();
    if (now != upserted && service != null) {
      upserted = now;
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATUS.valueSet(now.name()));
    }
    publish();
  }

  void publish() {
    Workflow.setCurrentDetails(ProgressMarkdown.render(progress()));
  }

  static String actorOr(String actor) {
    return actor == null || actor.isBlank() ? "unknown" : actor;
  }

  /** A refusal with the failure type that says why (unknown service, refused revision...). */
  ApplicationFailure refuse(String message, String type) {
    skipRemaining("run refused");
    end(RunStatus.REFUSED, "refused: " + message);
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  /** The profile's reminder interval (15 minutes before a profile is loaded). */
  Duration reminderInterval() {
    return Duration.ofMinutes(
        profile == null ? 15 : Math.max(1, profile.timings().approvalReminderMinutes()));
  }

  /**
   * Opens a gate and waits until an allowed approver decides it, reminding while nobody does; a
   * rejection ends the run. The run above hears of the gate at once ({@link ParentLink}).
   */
  void awaitApproval(String id, String question) {
    long since = Workflow.currentTimeMillis();
    gates.open(id, question);
    syncStatus();
    parent.tell(new GateWaiting(Workflow.getInfo().getWorkflowId(), id));
    String hint = approvalHint(id);
    notify(Notification.Level.WARNING, "Approval needed: " + id, question + hint, id);
    ApprovalRecord decision;
    try {
      decision =
          gates.await(
              id,
              reminderInterval(),
              waited ->
                  notify(
                      Notification.Level.CRITICAL,
                      "Still waiting for approval: " + id,
                      question + " (waiting " + Durations.format(waited) + ")" + hint,
                      id));
    } catch (CanceledFailure canceled) {
      markCanceled(id);
      throw canceled;
    }
    metrics.gateDecided(
        id, decision.decision().name(), Duration.ofMillis(Workflow.currentTimeMillis() - since));
    syncStatus();
    if (decision.decision() == Decision.REJECT) {
      throw ApplicationFailure.newNonRetryableFailure(
          "gate "
              + id
              + " rejected by "
              + decision.approver()
              + (decision.comment() == null ? "" : ": " + decision.comment()),
          FailureTypes.REJECTED);
    }
  }

  private static String approvalHint(String gate) {
    return ". Approve with: ./runbook approve "
        + Workflow.getInfo().getWorkflowId()
        + " --gate "
        + gate
        + " --as <name>";
  }
}
