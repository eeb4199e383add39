package dev.drrunbooks.incident;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RecoveryAttempt;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.validation.Check;
import dev.drrunbooks.validation.ValidationReport;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's initial response (5.1) as a run: confirm the fault and assess the impact (every source
 * at once, each with its evidence), classify it into the plan's disaster types (section 3) and a
 * severity, tell the team, let the commander decide the recovery (or the profile's policy, for an
 * alert it names), run it as a child, validate, and leave a report with the measured RTO and RPO.
 * Everything done and decided is on the one timeline.
 */
public class IncidentResponseWorkflowImpl extends RunbookWorkflowBase
    implements IncidentResponseWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String ASSESS_ECS = "assess-ecs";
  static final String ASSESS_TRAFFIC = "assess-traffic";
  static final String ASSESS_LOGS = "assess-logs";
  static final String ASSESS_DATABASE = "assess-database";
  static final String ASSESS_GITEE = "assess-gitee";
  static final String ASSESS_NOTION = "assess-notion";
  static final String ASSESS_SYNC = "assess-sync";
  static final String CLASSIFY = CLASSIFY_STEP;
  static final String NOTIFY_TEAM = "notify-team";
  static final String DECIDE = IncidentResponseWorkflow.DECIDE;
  static final String VALIDATE = "validate";
  static final String REPORT = "report";

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.of(ASSESS_ECS, "Assess ECS: tasks, deployments, failed starts"),
          Step.of(ASSESS_TRAFFIC, "Assess traffic: targets, health URL, 5xx rate, p90"),
          Step.of(ASSESS_LOGS, "Assess recent error logs"),
          Step.of(ASSESS_DATABASE, "Assess the database: does it accept connections"),
          Step.of(ASSESS_GITEE, "Assess Gitee: reachable with the service's token"),
          Step.of(ASSESS_NOTION, "Assess Notion: reachable with the service's token"),
          Step.of(ASSESS_SYNC, "Assess the sync: how old the oldest change not in Notion is"),
          Step.required(CLASSIFY, "Classify: disaster type, severity, proposed recovery"),
          Step.of(NOTIFY_TEAM, "Notify the team"),
          Step.gate(DECIDE, "The commander decides the recovery"),
          Step.of(VALIDATE, "Validate the recovery (the Validation procedure)"),
          Step.of(REPORT, "Store the report: RTO, RPO, timeline, notes"));

  /** An assessment call that does not answer is evidence: two short attempts, then move on. */
  static final ActivityOptions ASSESS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(2)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  private final IncidentRequest original;
  private final IncidentRequest opened;
  private final JoinedReports joined;
  private final Instant openedAt;
  private final List<IncidentDecision> decisions = new ArrayList<>();
  private final List<RecoveryRun> recoveries = new ArrayList<>();
  private final List<IncidentNote> notes = new ArrayList<>();
  private final List<Check> findings = new ArrayList<>();
  private final Map<String, String> chosen = new LinkedHashMap<>();

  private ServiceProfile profile;
  private ServiceRef resource;
  private Classification classification;
  private ValidationReport validation;
  private Instant recoveredAt;
  private Instant closedAt;
  private String status = IncidentReport.OPEN;
  private List<String> stored = List.of();
  private String waitingGate;

  @WorkflowInit
  public IncidentResponseWorkflowImpl(IncidentRequest request) {
    this(
        request,
        request == null ? null : request.named(Instant.ofEpochMilli(Workflow.currentTimeMillis())));
  }

  private IncidentResponseWorkflowImpl(IncidentRequest request, IncidentRequest named) {
    super(new Runbook(IncidentProcedures.INCIDENT_RESPONSE, named, PLAN));
    this.original = request;
    this.opened = named;
    this.joined =
        new JoinedReports(
            runbook,
            named == null || named.trigger() == null ? null : named.trigger().fingerprint());
    this.openedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public IncidentReport run(IncidentRequest request) {
    return runbook.run(opened, this::respond);
  }

  private IncidentReport respond() {
    profile =
        runbook.step(
            LOAD_PROFILE,
            () -> profiles.loadProfile(opened.service()),
            p -> p.name() + " (" + p.target().name().toLowerCase() + ")");
    resource = ServiceRef.primary(profile);
    String expected = Procedure.incidentId(resource);
    if (!opened.dryRun() && !expected.equals(Workflow.getInfo().getWorkflowId())) {
      throw runbook.refuse(
          "an incident on "
              + resource
              + " must run with workflow id '"
              + expected
              + "', so that a second report of it joins this one instead of opening another"
              + " (this run is '"
              + Workflow.getInfo().getWorkflowId()
              + "'); './runbook incident open' does this");
    }
    runbook.useProfile(profile, resource);
    if (opened.reason() != null) {
      runbook.note(actor(opened), "reported: " + opened.reason());
    }

    Assessment assessment = new IncidentAssessment(runbook, profile, resource, findings).run();
    classification =
        runbook.step(
            CLASSIFY,
            () -> DecisionRules.classify(assessment, profile, opened, now()),
            Classification::oneLine,
            c -> {
              Map<String, String> facts = new LinkedHashMap<>();
              facts.put("type", c.type().name());
              facts.put("severity", c.severity().name());
              facts.put("proposed", c.proposed());
              facts.put("why", String.join("; ", c.reasons()));
              return facts;
            });
    TeamNotice.send(runbook, opened, profile, classification);

    try {
      recover();
    } catch (ApplicationFailure ended) {
      // Aborted at a failed recovery: the report still says what happened, then the run fails.
      if (FailureTypes.ABORTED.equals(ended.getType())) {
        status = IncidentReport.ABORTED;
        runbook.skipRemaining("incident aborted");
        closedAt = now();
        stored = IncidentStore.store(runbook, profile, this::report, false);
      }
      throw ended;
    }
    closedAt = now();
    status =
        validation != null && validation.passed()
            ? IncidentReport.RESOLVED
            : IncidentReport.UNRESOLVED;
    stored = IncidentStore.store(runbook, profile, this::report, true);
    IncidentReport report = report();
    runbook.complete(report.oneLine() + storedSuffix());
    return report();
  }

  // --- classify and notify -----------------------------------------------------------------

  // --- decide, recover, validate -----------------------------------------------------------

  /**
   * Rounds of decide, recover, validate until the service validates or the commander decides {@code
   * none}. A recovery that fails waits for the commander like any step (retry it, skip it to choose
   * another, abort the incident); a validation that fails asks for another decision.
   */
  private void recover() {
    String gate = DECIDE;
    String after = DECIDE;
    String question = DecisionRules.question(null, classification);
    for (int round = 1; ; round++) {
      String procedure = decide(round, gate, question);
      if (!Recoveries.NONE.equals(procedure)) {
        String stepId = "recover-" + round + "-" + procedure;
        runbook.addStep(Step.of(stepId, "Recover: " + procedure + " (a child workflow)"), after);
        after = stepId;
        RecoveryRun run = new RecoveryRunner(runbook, opened, resource).run(stepId, procedure);
        recoveries.add(run);
        if (run.givenUp()) {
          gate = "decide-" + (round + 1);
          runbook.addStep(
              Step.gate(gate, "The commander decides again: " + procedure + " was given up"),
              after);
          after = gate;
          question = DecisionRules.question(procedure + " failed and was given up", classification);
          continue;
        }
      }
      if (opened.dryRun()) {
        runbook.skip(
            VALIDATE,
            "dry run: the service was not changed, so there is no recovery to validate (run"
                + " 'validation' for the service as it is)");
        return;
      }
      Instant since = recoveries.isEmpty() ? null : now();
      validation = new RecoveryRunner(runbook, opened, resource).validate(round, since);
      if (validation == null
          || validation.passed()
          || Recoveries.NONE.equals(procedure)
          || opened.dryRun()) {
        if (validation != null && validation.passed()) {
          recoveredAt = now();
        }
        return;
      }
      gate = "decide-" + (round + 1);
      runbook.addStep(
          Step.gate(gate, "The commander decides again: validation did not pass"), VALIDATE);
      after = gate;
      question =
          DecisionRules.question(
              "validation after " + procedure + " did not pass: " + validation.oneLine(),
              classification);
    }
  }

  /**
   * The recovery to run: the commander's decision, or the proposal when approved as is, or the
   * policy's when the profile lets this alert start it. A dry run does not wait: it runs the
   * proposal as a dry run.
   */
  private String decide(int round, String gate, String question) {
    String policy = round == 1 ? DecisionRules.policy(opened, profile, classification) : null;
    waitingGate = policy == null && !opened.dryRun() ? gate : null;
    runbook.gate(gate, question, policy);
    waitingGate = null;
    String procedure = chosen.getOrDefault(gate, classification.proposed());
    if (!chosen.containsKey(gate)) {
      String actor = policy != null ? "policy" : opened.dryRun() ? "dry run" : approverOf(gate);
      decisions.add(
          new IncidentDecision(
              round,
              procedure,
              actor,
              policy != null
                  ? policy
                  : opened.dryRun()
                      ? "dry run: the proposal, changing nothing"
                      : "approved the proposal",
              now(),
              null));
    }
    return procedure;
  }

  private String approverOf(String gate) {
    for (ApprovalRecord a : runbook.approvals()) {
      if (gate.equals(a.gate())) {
        return a.approver();
      }
    }
    return "unknown";
  }

  // --- report ------------------------------------------------------------------------------

  private String storedSuffix() {
    return stored.isEmpty() ? "" : "; report: " + stored.get(0);
  }

  @Override
  public IncidentReport report() {
    Instant detected = runbook.clockStart();
    Long rto =
        recoveredAt == null
            ? null
            : Math.max(0, Duration.between(detected, recoveredAt).toSeconds());
    Long rpo = validation != null ? validation.measuredRpoSeconds() : null;
    for (RecoveryRun r : recoveries) {
      if (rpo == null && r.measuredRpoSeconds() != null) {
        rpo = r.measuredRpoSeconds();
      }
    }
    List<ApprovalRecord> approvals = new ArrayList<>(runbook.approvals());
    recoveries.forEach(r -> approvals.addAll(r.approvals()));
    approvals.sort(java.util.Comparator.comparing(ApprovalRecord::at));
    return new IncidentReport(
        opened == null ? null : opened.incidentId(),
        Workflow.getInfo().getWorkflowId(),
        opened == null ? null : opened.service(),
        resource == null ? null : resource.lockKey(),
        status,
        opened != null && opened.dryRun(),
        opened == null ? null : opened.reason(),
        opened == null ? null : opened.triggerOrManual(),
        joined.lines(),
        detected,
        openedAt,
        recoveredAt,
        closedAt,
        rto,
        profile == null ? 0 : profile.objectives().rtoMinutes(),
        rpo,
        profile == null ? 0 : profile.objectives().rpoMinutes(),
        findings.stream()
            .sorted(java.util.Comparator.comparingInt(c -> Assessment.PARTS.indexOf(c.name())))
            .toList(),
        classification,
        decisions,
        recoveries,
        validation == null ? null : validation.oneLine(),
        validation == null ? List.of() : validation.checks(),
        approvals,
        notes,
        Improvements.suggest(
            notes,
            rto,
            rpo,
            profile,
            validation,
            recoveries,
            runbook.stepViews(),
            runbook.timeline(),
            opened == null ? null : opened.triggerOrManual(),
            findings),
        runbook.timeline(),
        stored,
        profile == null || profile.contacts() == null ? List.of() : profile.contacts());
  }

  // --- what people send --------------------------------------------------------------------

  @Override
  public void validateDecide(DecideRequest request) {
    DecisionRules.check(request, waitingGate != null, profile, opened.service(), runbook);
  }

  @Override
  public IncidentDecision decide(DecideRequest request) {
    String gate = waitingGate;
    int round = gate.equals(DECIDE) ? 1 : Integer.parseInt(gate.substring("decide-".length()));
    if (request.type() != null || request.severity() != null) {
      classification =
          classification.overridden(
              request.type(), request.severity(), request.procedure(), request.actor(), now());
    }
    IncidentDecision decision =
        new IncidentDecision(
            round, request.procedure(), request.actor(), request.comment(), now(), request.via());
    decisions.add(decision);
    chosen.put(gate, request.procedure());
    runbook.approve(
        new ApprovalRequest(
            gate,
            request.actor(),
            ApprovalRequest.Decision.APPROVE,
            "chose "
                + request.procedure()
                + (request.comment() == null ? "" : ": " + request.comment()),
            request.via()));
    return decision;
  }

  /**
   * Approving a decision gate accepts the proposal as it is. Rejecting it would end the incident,
   * which is not what anyone means: choosing something else is {@code decide}.
   */
  @Override
  public void validateApprove(ApprovalRequest request) {
    super.validateApprove(request);
    boolean decisionGate =
        request.gate() == null ? waitingGate != null : request.gate().startsWith(DECIDE);
    if (decisionGate && request.decisionOrDefault() == ApprovalRequest.Decision.REJECT) {
      throw new IllegalArgumentException(
          "to refuse the proposed "
              + classification.proposed()
              + ", choose another recovery: ./runbook decide "
              + Workflow.getInfo().getWorkflowId()
              + " --procedure "
              + String.join("|", Recoveries.NAMES)
              + " --as <name>");
    }
  }

  @Override
  public void validateAddNote(NoteRequest request) {
    NoteRequest.check(request);
  }

  @Override
  public IncidentNote addNote(NoteRequest request) {
    IncidentNote note =
        new IncidentNote(request.author(), request.kindOrDefault(), request.text(), now());
    notes.add(note);
    String kind =
        note.kind() == NoteRequest.Kind.NOTE ? "" : note.kind().name().toLowerCase() + ": ";
    runbook.note(request.author(), kind + request.text());
    return note;
  }

  @Override
  public void validateJoin(IncidentRequest request) {
    if (request == null) {
      throw ApplicationFailure.newNonRetryableFailure("no report", FailureTypes.INVALID_INPUT);
    }
    if (isOpener(request)) {
      return;
    }
    List<String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", problems), FailureTypes.INVALID_INPUT);
    }
    joined.refuseRepeat(request, opened == null ? "" : opened.incidentId());
  }

  @Override
  public String join(IncidentRequest request) {
    if (isOpener(request)) {
      return IncidentResponseWorkflow.OPENED;
    }
    alert(request);
    return IncidentResponseWorkflow.JOINED;
  }

  /** The report whose start opened this incident (update-with-start sends it as the update too). */
  private boolean isOpener(IncidentRequest request) {
    return request.reportId() != null
        && original != null
        && request.reportId().equals(original.reportId());
  }

  @Override
  public void alert(IncidentRequest request) {
    if (request == null || request.equals(original) || request.equals(opened)) {
      return; // the report that opened the incident (sent again by older openers), or a repeat
    }
    joined.take(request, actor(request));
  }

  @Override
  public void recoveryAttempted(RecoveryAttempt attempt) {
    runbook.note(
        attempt.requestedBy(),
        "refused a hand-started "
            + attempt.procedure()
            + " ("
            + attempt.workflowId()
            + "): this incident recovers the service");
  }

  // --- small helpers -----------------------------------------------------------------------

  private static String actor(IncidentRequest r) {
    return r.requestedBy() == null || r.requestedBy().isBlank() ? "unknown" : r.requestedBy();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
