package dev.drrunbooks.incident;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.failover.FailbackWorkflow;
import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.failover.RegionFailoverResult;
import dev.drrunbooks.failover.RegionFailoverWorkflow;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.restore.DataRestoreRequest;
import dev.drrunbooks.restore.DataRestoreResult;
import dev.drrunbooks.restore.DataRestoreWorkflow;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackResult;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RecoveryAttempt;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.DatabaseEndpoint;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncTarget;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.Check;
import dev.drrunbooks.validation.ServedTraffic;
import dev.drrunbooks.validation.ValidationReport;
import dev.drrunbooks.validation.ValidationRequest;
import dev.drrunbooks.validation.ValidationWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

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

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  private final IncidentRequest original;
  private final IncidentRequest opened;
  private final Instant openedAt;
  private final List<JoinedReport> joined = new ArrayList<>();

  /**
   * Alerts that join after {@link #JOINED_LINES} others each get no line of their own: per alert
   * name, one line in the report counts them ({@code joined} position and count), so a storm of
   * distinct alerts cannot grow the timeline and the report without bound.
   */
  private final Map<String, int[]> joinedBeyond = new java.util.HashMap<>();

  static final int JOINED_LINES = 20;

  /** Alerts already on this incident, by the source's fingerprint: a repeat is not news. */
  private final java.util.Set<String> fingerprints = new java.util.HashSet<>();

  /**
   * The {@code join} update's answers, and the start of its refusal of an alert already recorded
   * (the SDK passes a validator's failure on without its type).
   */
  public static final String OPENED = "opened";

  public static final String JOINED = "joined";
  public static final String DUPLICATE_REPORT = "DuplicateReport";

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
    this(request, named(request));
  }

  private IncidentResponseWorkflowImpl(IncidentRequest request, IncidentRequest named) {
    super(new Runbook(IncidentProcedures.INCIDENT_RESPONSE, named, PLAN));
    this.original = request;
    this.opened = named;
    if (named != null && named.trigger() != null && named.trigger().fingerprint() != null) {
      fingerprints.add(named.trigger().fingerprint());
    }
    this.openedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The incident's id: given, or {@code INC-<yyyyMMdd-HHmm>-<service>} from its opening. */
  private static IncidentRequest named(IncidentRequest request) {
    if (request == null || request.incidentId() != null || request.service() == null) {
      return request;
    }
    String id = "INC-" + ID_TIME.format(Instant.ofEpochMilli(Workflow.currentTimeMillis())) + "-";
    String service = request.service().replaceAll("[^A-Za-z0-9._:/#-]", "");
    id = (id + service).length() > 64 ? (id + service).substring(0, 64) : id + service;
    return new IncidentRequest(
        request.service(),
        id,
        request.trigger(),
        request.procedure(),
        request.dryRun(),
        request.reason(),
        request.requestedBy(),
        request.detectedAt(),
        request.reportId());
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

    Assessment assessment = assess();
    classification =
        runbook.step(
            CLASSIFY,
            () -> classify(assessment),
            Classification::oneLine,
            c -> {
              Map<String, String> facts = new LinkedHashMap<>();
              facts.put("type", c.type().name());
              facts.put("severity", c.severity().name());
              facts.put("proposed", c.proposed());
              facts.put("why", String.join("; ", c.reasons()));
              return facts;
            });
    notifyTeam();

    try {
      recover();
    } catch (ApplicationFailure ended) {
      // Aborted at a failed recovery: the report still says what happened, then the run fails.
      if (FailureTypes.ABORTED.equals(ended.getType())) {
        status = IncidentReport.ABORTED;
        runbook.skipRemaining("incident aborted");
        closedAt = now();
        storeReport(false);
      }
      throw ended;
    }
    closedAt = now();
    status =
        validation != null && validation.passed()
            ? IncidentReport.RESOLVED
            : IncidentReport.UNRESOLVED;
    storeReport(true);
    IncidentReport report = report();
    runbook.complete(report.oneLine() + storedSuffix());
    return report();
  }

  // --- assess ------------------------------------------------------------------------------

  /**
   * Every source at once, read-only. A source that does not answer does not stop the assessment:
   * its silence is recorded as evidence (a region that does not answer is the finding).
   */
  private Assessment assess() {
    ServiceChecks checks =
        Workflow.newActivityStub(ServiceChecks.class, summarised(ASSESS, "assess"));
    Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
    List<Branch<?>> branches = new ArrayList<>();
    Branch<Answer<ServiceState>> ecs =
        probe(
            ASSESS_ECS,
            Assessment.ECS,
            errors,
            () -> checks.describeService(resource),
            ServiceState::steady,
            ServiceState::oneLine,
            ServiceState::evidence);
    Branch<Answer<HealthReport>> traffic =
        probe(
            ASSESS_TRAFFIC,
            Assessment.TRAFFIC,
            errors,
            () -> checks.checkHealth(ServedTraffic.query(resource, profile)),
            r -> !r.unhealthy(),
            HealthReport::oneLine,
            HealthReport::evidence);
    Branch<Answer<LogSummary>> logs =
        probe(
            ASSESS_LOGS,
            Assessment.LOGS,
            errors,
            () ->
                checks.recentErrors(
                    new LogQuery(
                        resource,
                        profile.logs().logGroup(),
                        profile.logs().errorPattern(),
                        Math.min(profile.logs().lookbackMinutes(), 15),
                        200)),
            l -> l.matchedEvents() < Classifier.SEVERE_LOG_EVENTS,
            LogSummary::oneLine,
            LogSummary::evidence);
    branches.add(ecs);
    branches.add(traffic);
    branches.add(logs);
    Branch<Answer<DatabaseReach>> database = null;
    if (profile.database() == null) {
      skipFinding(ASSESS_DATABASE, "the profile has no database section: reachability not probed");
    } else {
      DatabaseReplicas db =
          Workflow.newActivityStub(DatabaseReplicas.class, summarised(ASSESS, "probe database"));
      DatabaseEndpoint endpoint =
          new DatabaseEndpoint(resource, profile.database().host(), profile.database().port());
      database =
          probe(
              ASSESS_DATABASE,
              Assessment.DATABASE,
              errors,
              () -> db.probeDatabase(endpoint),
              DatabaseReach::reachable,
              DatabaseReach::oneLine,
              r ->
                  Map.of(
                      "reachable",
                      String.valueOf(r.reachable()),
                      "millis",
                      String.valueOf(r.millis())));
      branches.add(database);
    }
    Branch<Answer<Reachability>> gitee = null;
    Branch<Answer<Reachability>> notion = null;
    Branch<Answer<IntegrityFacts>> sync = null;
    if (profile.sync() == null) {
      String why = "the profile has no sync section: Gitee, Notion and the sync not checked";
      skipFinding(ASSESS_GITEE, why);
      skipFinding(ASSESS_NOTION, why);
      skipFinding(ASSESS_SYNC, why);
    } else {
      SyncTarget target = new SyncTarget(resource, profile.sync());
      SyncChecks api =
          Workflow.newActivityStub(SyncChecks.class, summarised(ASSESS, "assess the sync"));
      Function<Reachability, String> reach =
          r ->
              r.system()
                  + (r.reachable()
                      ? " answers as " + r.identity()
                      : ": " + String.join("; ", r.problems()));
      gitee =
          probe(
              ASSESS_GITEE,
              Assessment.GITEE,
              errors,
              () -> api.checkGitee(target),
              Reachability::reachable,
              reach,
              r -> Map.of("reachable", String.valueOf(r.reachable())));
      notion =
          probe(
              ASSESS_NOTION,
              Assessment.NOTION,
              errors,
              () -> api.checkNotion(target),
              Reachability::reachable,
              reach,
              r -> Map.of("reachable", String.valueOf(r.reachable())));
      sync =
          probe(
              ASSESS_SYNC,
              Assessment.SYNC,
              errors,
              () -> api.compareSyncedData(target),
              f -> lag(f) <= profile.objectives().rpoMinutes() * 60L,
              f ->
                  f.compared()
                      + " recent issues compared, "
                      + f.missing().size()
                      + " missing, "
                      + f.stale().size()
                      + " stale in Notion; sync lag "
                      + Durations.format(lag(f)),
              f -> Map.of("syncLagSeconds", String.valueOf(lag(f))));
      branches.add(gitee);
      branches.add(notion);
      branches.add(sync);
    }
    Parallel.Results results = runbook.parallel(branches);
    IntegrityFacts integrity = valueOf(results, sync);
    return new Assessment(
        now(),
        valueOf(results, ecs),
        valueOf(results, traffic),
        valueOf(results, logs),
        valueOf(results, database),
        valueOf(results, gitee),
        valueOf(results, notion),
        integrity == null ? null : lag(integrity),
        dev.drrunbooks.runbook.Ordered.copy(errors),
        profile.health().maxErrorRatePercent(),
        profile.objectives().rpoMinutes());
  }

  /**
   * One source of the assessment as a step: its answer, or why it did not answer, both kept as
   * evidence. It never waits for a person: the incident is what needs attention.
   */
  private <T> Branch<Answer<T>> probe(
      String stepId,
      String part,
      Map<String, String> errors,
      Supplier<T> call,
      java.util.function.Predicate<T> ok,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    return Branch.of(
        stepId,
        () -> {
          try {
            T answer = call.get();
            findings.add(
                new Check(
                    part,
                    ok.test(answer) ? Check.Verdict.PASS : Check.Verdict.FAIL,
                    describe.apply(answer),
                    evidence.apply(answer)));
            return new Answer<>(answer, null);
          } catch (ActivityFailure silent) {
            String why = reason(silent);
            errors.put(part, why);
            findings.add(Check.fail(part, "did not answer: " + why, Map.of()));
            return new Answer<>(null, why);
          }
        },
        a -> a.error() != null ? "did not answer: " + a.error() : describe.apply(a.value()),
        a -> a.error() != null ? Map.of("answered", "false") : evidence.apply(a.value()));
  }

  /** What one source of the assessment answered, or why it did not. */
  private record Answer<T>(T value, String error) {}

  private static <T> T valueOf(Parallel.Results results, Branch<Answer<T>> branch) {
    if (branch == null) {
      return null;
    }
    Answer<T> a = results.get(branch);
    return a == null ? null : a.value();
  }

  private void skipFinding(String stepId, String why) {
    runbook.skip(stepId, why);
    findings.add(Check.skipped(stepId.substring("assess-".length()), why));
  }

  private static long lag(IntegrityFacts f) {
    return f.oldestUnsyncedChange() == null
        ? 0
        : Math.max(0, Duration.between(f.oldestUnsyncedChange(), f.checkedAt()).toSeconds());
  }

  // --- classify and notify -----------------------------------------------------------------

  /** DataRestore needs the database's name and credentials secret, and a backup bucket. */
  static boolean canRestoreData(ServiceProfile p) {
    return p.database() != null
        && p.database().name() != null
        && p.database().secretArn() != null
        && p.backup() != null;
  }

  private Classification classify(Assessment assessment) {
    boolean hasStandby = profile.failover() != null && profile.regions().standby() != null;
    Classification c = Classifier.classify(assessment, hasStandby, now());
    if (Recoveries.DATA_RESTORE.equals(c.proposed()) && !canRestoreData(profile)) {
      // A profile DataRestore cannot serve: nothing is proposed.
      c = new Classification(c.type(), c.severity(), Recoveries.NONE, c.reasons(), c.by(), c.at());
    }
    if (opened.procedure() != null && !opened.procedure().equals(c.proposed())) {
      List<String> why = new ArrayList<>(c.reasons());
      why.add(
          actor(opened)
              + " asked for "
              + opened.procedure()
              + " (the assessment proposed "
              + c.proposed()
              + ")");
      c = new Classification(c.type(), c.severity(), opened.procedure(), why, c.by(), c.at());
    }
    return c;
  }

  /**
   * Tells every channel of the profile what was found and what is proposed, with the link to this
   * run. A channel that fails is recorded, never blocks the incident.
   */
  private void notifyTeam() {
    NotifyActivities notifier =
        Workflow.newActivityStub(
            NotifyActivities.class, summarised(RunbookOptions.NOTIFY, "notify the team"));
    Notification message =
        new Notification(
            opened.service(),
            TYPE,
            Workflow.getInfo().getWorkflowId(),
            opened.incidentId(),
            level(classification.severity()),
            classification.severity()
                + " "
                + classification.type().name().toLowerCase().replace('_', ' ')
                + " incident on "
                + opened.service()
                + (opened.dryRun() ? " (dry run)" : ""),
            summary(),
            profile.notifications() == null || profile.notifications().isEmpty()
                ? List.of(new ServiceProfile.NotificationChannel("log", null))
                : profile.notifications());
    runbook.step(
        NOTIFY_TEAM,
        () -> {
          try {
            int accepted = notifier.notify(message);
            return accepted + (accepted == 1 ? " channel accepted it" : " channels accepted it");
          } catch (ActivityFailure lost) {
            return "NOT delivered: " + reason(lost);
          }
        },
        s -> s);
  }

  private String summary() {
    StringBuilder text = new StringBuilder();
    text.append(opened.triggerOrManual().oneLine());
    if (opened.reason() != null) {
      text.append(": ").append(opened.reason());
    }
    text.append(". ").append(classification.type()).append(' ').append(classification.severity());
    text.append(" because ").append(String.join("; ", classification.reasons()));
    text.append(". Proposed recovery: ").append(classification.proposed()).append('.');
    if (!opened.dryRun()) {
      text.append(" Decide with: ./runbook decide ")
          .append(Workflow.getInfo().getWorkflowId())
          .append(" --procedure ")
          .append(String.join("|", Recoveries.NAMES))
          .append(" --as <name>");
    }
    return text.toString();
  }

  private static Notification.Level level(Severity severity) {
    return switch (severity) {
      case SEV1, SEV2 -> Notification.Level.CRITICAL;
      case SEV3 -> Notification.Level.WARNING;
      case SEV4 -> Notification.Level.INFO;
    };
  }

  // --- decide, recover, validate -----------------------------------------------------------

  /**
   * Rounds of decide, recover, validate until the service validates or the commander decides {@code
   * none}. A recovery that fails waits for the commander like any step (retry it, skip it to choose
   * another, abort the incident); a validation that fails asks for another decision.
   */
  private void recover() {
    String gate = DECIDE;
    String after = DECIDE;
    String question = question(null);
    for (int round = 1; ; round++) {
      String procedure = decide(round, gate, question);
      if (!Recoveries.NONE.equals(procedure)) {
        String stepId = "recover-" + round + "-" + procedure;
        runbook.addStep(Step.of(stepId, "Recover: " + procedure + " (a child workflow)"), after);
        after = stepId;
        RecoveryRun run = runRecovery(stepId, procedure);
        recoveries.add(run);
        if (run.status().equals("SKIPPED")) {
          gate = "decide-" + (round + 1);
          runbook.addStep(
              Step.gate(gate, "The commander decides again: " + procedure + " was given up"),
              after);
          after = gate;
          question = question(procedure + " failed and was given up");
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
      validation = validate(round, since);
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
          question("validation after " + procedure + " did not pass: " + validation.oneLine());
    }
  }

  private String question(String why) {
    return (why == null ? "" : why + ". ")
        + classification.oneLine()
        + " ("
        + String.join("; ", classification.reasons())
        + "). Approve to run "
        + classification.proposed()
        + ", or choose: ./runbook decide "
        + Workflow.getInfo().getWorkflowId()
        + " --procedure "
        + String.join("|", Recoveries.NAMES)
        + " --as <name>";
  }

  /**
   * The recovery to run: the commander's decision, or the proposal when approved as is, or the
   * policy's when the profile lets this alert start it. A dry run does not wait: it runs the
   * proposal as a dry run.
   */
  private String decide(int round, String gate, String question) {
    String policy = round == 1 ? policyReason() : null;
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

  /** Why the profile lets the proposal start by itself, or null when a person decides. */
  private String policyReason() {
    Trigger trigger = opened.triggerOrManual();
    if (!trigger.fromAlert()
        || profile.incident() == null
        || profile.incident().autoStart() == null) {
      return null;
    }
    for (ServiceProfile.Incident.AutoStart rule : profile.incident().autoStart()) {
      if (rule.procedure() != null
          && rule.procedure().equals(classification.proposed())
          && rule.alerts() != null
          && rule.alerts().contains(trigger.name())
          && rule.severities() != null
          && rule.severities().contains(classification.severity().name())) {
        return "the profile's incident.autoStart runs "
            + rule.procedure()
            + " for alert "
            + trigger.name()
            + " at "
            + classification.severity();
      }
    }
    return null;
  }

  private RecoveryRun runRecovery(String stepId, String procedure) {
    String childId =
        opened.dryRun()
            ? Workflow.getInfo().getWorkflowId() + "/" + procedure + "-dry-run"
            : Procedure.lockId(resource);
    String by = "incident " + opened.incidentId();
    Instant detected = runbook.clockStart();
    RecoveryRun[] done = new RecoveryRun[1];
    Object result =
        switch (procedure) {
          case "app-rollback" ->
              runbook.child(
                  stepId,
                  AppRollbackWorkflow.class,
                  childId,
                  w -> {
                    AppRollbackResult r =
                        w.run(
                            new AppRollbackRequest(
                                opened.service(),
                                null,
                                null,
                                opened.dryRun(),
                                opened.incidentId(),
                                rollbackTrigger(),
                                by,
                                detected,
                                null,
                                null));
                    done[0] =
                        new RecoveryRun(
                            procedure,
                            childIdOf(stepId, childId),
                            "COMPLETED",
                            r.outcome()
                                + " "
                                + r.fromRevision()
                                + " -> "
                                + r.toRevision()
                                + ": "
                                + r.health(),
                            r.healthy(),
                            r.approvals(),
                            null);
                    return r;
                  },
                  r -> r.outcome() + " " + r.fromRevision() + " -> " + r.toRevision());
          case "region-failover" ->
              runbook.child(
                  stepId,
                  RegionFailoverWorkflow.class,
                  childId,
                  w ->
                      failoverRun(
                          procedure, stepId, childId, done, w.run(failoverRequest(by, detected))),
                  r -> r.outcome() + " " + r.fromRegion() + " -> " + r.toRegion());
          case "data-restore" ->
              runbook.child(
                  stepId,
                  DataRestoreWorkflow.class,
                  childId,
                  w -> {
                    DataRestoreResult r =
                        w.run(
                            new DataRestoreRequest(
                                opened.service(),
                                opened.dryRun(),
                                opened.incidentId(),
                                by,
                                detected,
                                opened.reason(),
                                null,
                                null));
                    done[0] =
                        new RecoveryRun(
                            procedure,
                            childIdOf(stepId, childId),
                            "COMPLETED",
                            r.outcome() + ": " + r.health(),
                            !r.health().equals("not verified") || r.outcome().startsWith("DRY"),
                            r.approvals(),
                            r.achievedRpoSeconds());
                    return r;
                  },
                  DataRestoreResult::outcome);
          case "failback" ->
              runbook.child(
                  stepId,
                  FailbackWorkflow.class,
                  childId,
                  w ->
                      failoverRun(
                          procedure, stepId, childId, done, w.run(failoverRequest(by, detected))),
                  r -> r.outcome() + " " + r.fromRegion() + " -> " + r.toRegion());
          default -> throw new IllegalStateException("no recovery named " + procedure);
        };
    if (result == null || done[0] == null) {
      StepView view = view(stepId);
      String last =
          view.failures().isEmpty()
              ? view.detail()
              : view.failures().get(view.failures().size() - 1).reason();
      return new RecoveryRun(
          procedure,
          view.childWorkflowId(),
          "SKIPPED",
          "failed and given up: " + last,
          false,
          List.of(),
          null);
    }
    return done[0];
  }

  private RegionFailoverResult failoverRun(
      String procedure, String stepId, String childId, RecoveryRun[] done, RegionFailoverResult r) {
    done[0] =
        new RecoveryRun(
            procedure,
            childIdOf(stepId, childId),
            "COMPLETED",
            r.outcome() + " " + r.fromRegion() + " -> " + r.toRegion() + ": " + r.health(),
            r.validation() == null || !r.validation().startsWith("FAIL"),
            r.approvals(),
            r.measuredRpoSeconds());
    return r;
  }

  private RegionFailoverRequest failoverRequest(String by, Instant detected) {
    return new RegionFailoverRequest(
        opened.service(),
        opened.dryRun(),
        opened.incidentId(),
        by,
        detected,
        opened.reason() == null ? "incident " + opened.incidentId() : opened.reason());
  }

  /** An alert that is also a rollback trigger lets the rollback's own policy apply. */
  private String rollbackTrigger() {
    Trigger t = opened.triggerOrManual();
    return t.fromAlert() && AppRollbackRequest.TRIGGERS.contains(t.name())
        ? t.name()
        : AppRollbackRequest.MANUAL;
  }

  private String childIdOf(String stepId, String fallback) {
    String id = view(stepId).childWorkflowId();
    return id == null ? fallback : id;
  }

  private ValidationReport validate(int round, Instant since) {
    String stepId = round == 1 ? VALIDATE : "validate-" + round;
    if (round > 1) {
      runbook.addStep(Step.of(stepId, "Validate again (the Validation procedure)"), null);
    }
    return runbook.child(
        stepId,
        ValidationWorkflow.class,
        Workflow.getInfo().getWorkflowId() + "/validation-" + round,
        w ->
            w.run(
                new ValidationRequest(
                    opened.service(),
                    opened.incidentId(),
                    "incident " + opened.incidentId(),
                    runbook.clockStart(),
                    opened.dryRun(),
                    since)),
        ValidationReport::oneLine);
  }

  // --- report ------------------------------------------------------------------------------

  private void storeReport(boolean asStep) {
    ServiceProfile.Incident settings = profile.incident();
    boolean s3 =
        profile.target() == ServiceProfile.Target.AWS
            && settings != null
            && settings.reportBucket() != null;
    String location =
        s3
            ? "s3://"
                + settings.reportBucket()
                + "/"
                + (settings.reportPrefix() == null ? "incidents/" : settings.reportPrefix())
            : "local";
    String region =
        !s3
            ? null
            : settings.reportRegion() != null
                ? settings.reportRegion()
                : profile.regions().standby() != null
                    ? profile.regions().standby()
                    : profile.regions().primary();
    IncidentReports reports =
        Workflow.newActivityStub(
            IncidentReports.class, summarised(RunbookOptions.MUTATION, "store the report"));
    Supplier<List<String>> write =
        () -> reports.store(new IncidentReports.StoreReportRequest(report(), location, region));
    if (asStep) {
      List<String> where = runbook.step(REPORT, write, w -> "stored: " + String.join(", ", w));
      stored = where == null ? List.of() : where;
      return;
    }
    try {
      stored = write.get();
    } catch (ActivityFailure lost) {
      runbook.note(Runbook.RUNBOOK_ACTOR, "the report could not be stored: " + reason(lost));
    }
  }

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
        joined,
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
    if (request == null || request.actor() == null || request.actor().isBlank()) {
      throw new IllegalArgumentException(
          "decide needs the commander's name, e.g. {\"procedure\":\"app-rollback\",\"actor\":\"ops-lead\"}");
    }
    if (request.procedure() == null || !Recoveries.NAMES.contains(request.procedure())) {
      throw new IllegalArgumentException(
          "procedure '"
              + request.procedure()
              + "' is not one of "
              + String.join(", ", Recoveries.NAMES));
    }
    if (waitingGate == null) {
      throw new IllegalArgumentException(
          "the incident is not waiting for a decision (it is " + runbook.progress().status() + ")");
    }
    if (profile == null || !profile.allowsApprover(request.actor())) {
      throw new IllegalArgumentException(
          "'"
              + request.actor()
              + "' may not decide for service "
              + opened.service()
              + (profile == null ? "" : "; allowed: " + String.join(", ", profile.approvers())));
    }
    if (Recoveries.DATA_RESTORE.equals(request.procedure()) && !canRestoreData(profile)) {
      throw new IllegalArgumentException(
          "data-restore needs the profile's database.name, database.secretArn and backup section,"
              + " which "
              + profile.name()
              + " does not have");
    }
    if (!Recoveries.NONE.equals(request.procedure())) {
      boolean needsStandby =
          !Recoveries.APP_ROLLBACK.equals(request.procedure())
              && !Recoveries.DATA_RESTORE.equals(request.procedure());
      if (needsStandby && profile.failover() == null) {
        throw new IllegalArgumentException(
            request.procedure()
                + " needs the profile's failover section, which "
                + profile.name()
                + " does not have");
      }
    }
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
    if (request == null || request.author() == null || request.author().isBlank()) {
      throw new IllegalArgumentException(
          "a note needs its author, e.g. {\"author\":\"alice\",\"text\":\"...\"}");
    }
    if (request.text() == null || request.text().isBlank()) {
      throw new IllegalArgumentException("a note needs text");
    }
    if (request.text().length() > 2000 || request.author().length() > 100) {
      throw new IllegalArgumentException(
          "a note is at most 2000 characters, its author at most 100");
    }
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
    String fingerprint = request.triggerOrManual().fingerprint();
    if (fingerprint != null && fingerprints.contains(fingerprint)) {
      // Refused here, the repeat never reaches the history: a storm of copies adds nothing.
      throw ApplicationFailure.newNonRetryableFailure(
          DUPLICATE_REPORT
              + ": alert "
              + fingerprint
              + " is already on incident "
              + (opened == null ? "" : opened.incidentId())
              + ": a repeat, nothing recorded",
          DUPLICATE_REPORT);
    }
  }

  @Override
  public String join(IncidentRequest request) {
    if (isOpener(request)) {
      return OPENED;
    }
    alert(request);
    return JOINED;
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
    Trigger t = request.triggerOrManual();
    if (t.resolvedAlert()) {
      runbook.note(actor(request), "stopped firing: " + t.oneLine());
      return;
    }
    if (t.fingerprint() != null && !fingerprints.add(t.fingerprint())) {
      return; // the same alert again (a storm, a re-notification): already on the timeline
    }
    if (joined.size() >= JOINED_LINES + joinedBeyond.size() || joinedBeyond.containsKey(t.name())) {
      countJoined(t, request);
      return;
    }
    joined.add(new JoinedReport(t, actor(request), request.reason(), now()));
    runbook.note(
        actor(request),
        "joined: " + t.oneLine() + (request.reason() == null ? "" : ": " + request.reason()));
  }

  /** One more alert past the lines the report keeps: counted on its name's one line. */
  private void countJoined(Trigger t, IncidentRequest request) {
    int[] slot = joinedBeyond.get(t.name());
    if (slot == null) {
      if (joinedBeyond.isEmpty()) {
        runbook.note(
            Runbook.RUNBOOK_ACTOR,
            "more than "
                + JOINED_LINES
                + " alerts joined: each further one is counted on one line per alert name");
      }
      slot = new int[] {joined.size(), 0};
      joinedBeyond.put(t.name(), slot);
      joined.add(null);
    }
    slot[1]++;
    joined.set(
        slot[0],
        new JoinedReport(
            t,
            actor(request),
            slot[1] + " alert(s) of " + t.name() + " joined after the first " + JOINED_LINES,
            now()));
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

  private StepView view(String stepId) {
    return runbook.stepViews().stream()
        .filter(s -> s.id().equals(stepId))
        .findFirst()
        .orElseThrow();
  }

  private static String actor(IncidentRequest r) {
    return r.requestedBy() == null || r.requestedBy().isBlank() ? "unknown" : r.requestedBy();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String reason(Throwable failure) {
    Throwable inner = failure;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner instanceof io.temporal.failure.TemporalFailure tf
        ? tf.getOriginalMessage()
        : String.valueOf(inner.getMessage());
  }
}
