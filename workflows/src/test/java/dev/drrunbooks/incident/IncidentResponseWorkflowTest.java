package dev.drrunbooks.incident;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.RevisionQuery;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StableRevision;
import dev.drrunbooks.service.StartServiceCommand;
import dev.drrunbooks.service.UpdateServiceCommand;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import dev.drrunbooks.testing.RunAssertions;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * IncidentResponse on a time-skipping server, with its real children (AppRollback, Validation) and
 * a small stateful service: a bad release (:42) until a rollback deploys :41.
 */
class IncidentResponseWorkflowTest {

  private static final String QUEUE = "incident-test";
  private static final ServiceRef RESOURCE = ServiceRef.primary(Fixtures.profile());
  private static final String ID = Procedure.incidentId(RESOURCE);

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final BadRelease service = new BadRelease();
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final SyncChecks sync = mock(SyncChecks.class, withSettings().withoutAnnotations());
  private final DatabaseReplicas databases =
      mock(DatabaseReplicas.class, withSettings().withoutAnnotations());
  private final IncidentReports reports =
      mock(IncidentReports.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        IncidentResponseWorkflowImpl.class,
        dev.drrunbooks.rollback.AppRollbackWorkflowImpl.class,
        dev.drrunbooks.validation.ValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(service, profiles, notify, sync, databases, reports);
    Fixtures.syncInOrder(sync);
    env.start();
    client = env.getWorkflowClient();
    when(profiles.loadProfile(SERVICE)).thenReturn(profile(null, List.of()));
    when(databases.probeDatabase(any()))
        .thenReturn(new DatabaseReach("sync-db.example.internal:5432", true, 3, "connected"));
    when(notify.notify(any())).thenReturn(1);
    when(reports.store(any())).thenReturn(List.of("reports/INC-7.md", "reports/INC-7.json"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * Plan 5.1 end to end: assessed as an application failure, the commander decides the rollback and
   * approves its revision, validation passes, and the report measures the RTO from the alert's
   * start, with every approval, its approver and time.
   */
  @Test
  void badRelease_commanderDecidesRollback_recoversValidatesAndReports() {
    Instant firing = Instant.ofEpochMilli(env.currentTimeMillis()).minusSeconds(120);
    IncidentResponseWorkflow run =
        open(request(Trigger.alert("alertmanager", "error-rate-spike", "fp-1", firing), false));
    RunbookProgress waiting = awaitDecision(run);
    assertThat(step(waiting, "classify").detail()).isEqualTo("APPLICATION SEV1 -> app-rollback");
    assertThat(step(waiting, "assess-traffic").detail()).contains("UNHEALTHY");
    env.sleep(Duration.ofMinutes(3)); // the commander reads the assessment

    IncidentDecision decision =
        run.decide(new DecideRequest("app-rollback", APPROVER, "5xx since the 03:02 deploy"));
    assertThat(decision.round()).isEqualTo(1);
    AppRollbackWorkflow rollback =
        client.newWorkflowStub(AppRollbackWorkflow.class, Procedure.lockId(RESOURCE));
    awaitProgress(rollback, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    env.sleep(Duration.ofMinutes(1));
    rollback.approve(new ApprovalRequest("approve-rollback", "dev-lead", Decision.APPROVE, "go"));
    IncidentReport report = WorkflowStub.fromTyped(run).getResult(IncidentReport.class);
    HistoryRecorder.record(client, ID, "incident-response", "incident-app-rollback");

    assertThat(report.status()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.incidentId()).isEqualTo("INC-7");
    assertThat(report.detectedAt()).isEqualTo(firing);
    assertThat(report.rtoSeconds()).isBetween(6 * 60L, 10 * 60L);
    assertThat(report.withinRto()).isTrue();
    assertThat(report.rpoSeconds()).isEqualTo(20L);
    assertThat(report.recoveries())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.procedure()).isEqualTo("app-rollback");
              assertThat(r.status()).isEqualTo("COMPLETED");
              assertThat(r.outcome()).startsWith("ROLLED_BACK 42 -> 41");
            });
    assertThat(report.approvals())
        .extracting(a -> a.gate() + " " + a.approver())
        .containsExactly("decide " + APPROVER, "approve-rollback dev-lead");
    assertThat(report.approvals()).allSatisfy(a -> assertThat(a.at()).isNotNull());
    assertThat(report.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.comment()).isEqualTo("5xx since the 03:02 deploy"));
    assertThat(report.assessment())
        .extracting(c -> c.name())
        .containsExactly("ecs", "traffic", "logs", "database", "gitee", "notion", "sync");
    assertThat(service.deployed).containsExactly(41);

    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notify, atLeastOnce()).notify(sent.capture());
    assertThat(sent.getAllValues())
        .anySatisfy(
            n -> {
              assertThat(n.title()).isEqualTo("SEV1 application incident on " + SERVICE);
              assertThat(n.level()).isEqualTo(Notification.Level.CRITICAL);
              assertThat(n.message())
                  .contains("alert error-rate-spike from alertmanager")
                  .contains("Proposed recovery: app-rollback")
                  .contains("./runbook decide " + ID);
            });
    ArgumentCaptor<IncidentReports.StoreReportRequest> stored =
        ArgumentCaptor.forClass(IncidentReports.StoreReportRequest.class);
    verify(reports).store(stored.capture());
    assertThat(stored.getValue().location()).isEqualTo("local");
    assertThat(stored.getValue().report().status()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(IncidentReportMarkdown.render(report))
        .contains("| RTO (detection to validation passed) |")
        .contains("approve-rollback: APPROVE by dev-lead: go");
  }

  /** The profile lets this alert start the rollback at this severity: nobody is waited for. */
  @Test
  void alertThePolicyNames_startsTheRecoveryWithoutWaiting() {
    when(profiles.loadProfile(SERVICE))
        .thenReturn(profile(autoRollbackOn("health-check-failed"), List.of("health-check-failed")));

    IncidentResponseWorkflow run =
        open(request(Trigger.alert("cloudwatch", "health-check-failed", "fp-2", null), false));
    IncidentReport report = WorkflowStub.fromTyped(run).getResult(IncidentReport.class);

    assertThat(report.status()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.actor()).isEqualTo("policy");
              assertThat(d.comment()).contains("incident.autoStart runs app-rollback");
            });
    assertThat(report.approvals()).extracting(a -> a.approver()).containsOnly("policy");
    assertThat(service.deployed).containsExactly(41);
  }

  /** The same policy never applies to a person's report: the commander decides. */
  @Test
  void manualIncident_waitsForTheCommanderEvenWhenAPolicyExists() {
    when(profiles.loadProfile(SERVICE))
        .thenReturn(profile(autoRollbackOn("health-check-failed"), List.of()));

    IncidentResponseWorkflow run = open(request(Trigger.manual(), false));
    RunbookProgress waiting = awaitDecision(run);
    env.sleep(Duration.ofMinutes(10));

    assertThat(run.progress().status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting, "decide").status()).isEqualTo(StepStatus.WAITING_FOR_APPROVAL);
    assertThat(service.deployed).isEmpty();
  }

  /** A second alert for the same service joins the open incident; no second recovery starts. */
  @Test
  void secondReportOfTheSameService_joinsTheOpenIncident() {
    IncidentResponseWorkflow run =
        open(request(Trigger.alert("alertmanager", "error-rate-spike", "fp-1", null), false));
    awaitDecision(run);

    IncidentResponseWorkflow again =
        open(
            new IncidentRequest(
                SERVICE,
                null,
                Trigger.alert("cloudwatch", "health-check-failed", "fp-9", null),
                null,
                false,
                "health checks failing",
                "alert-receiver",
                null));

    IncidentReport draft = again.report();
    assertThat(draft.workflowId()).isEqualTo(ID);
    assertThat(draft.joined())
        .singleElement()
        .satisfies(j -> assertThat(j.trigger().fingerprint()).isEqualTo("fp-9"));
    assertThat(run.progress().timeline())
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .isEqualTo(
                        "joined: alert health-check-failed from cloudwatch (fingerprint fp-9):"
                            + " health checks failing"));
    assertThat(
            client
                .newUntypedWorkflowStub(ID)
                .describe()
                .getWorkflowExecutionInfo()
                .getStatus()
                .name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");
  }

  /**
   * Text from outside (an alert's labels, its summary) with escape sequences, a forged Markdown
   * line, C1 CSI, direction overrides and line separators is stored as given, and printed harmless
   * in every sink: the checklist (UI details, terminal, file), the report as Markdown, and the
   * report as JSON on a terminal (still the same JSON document).
   */
  @Test
  void hostileAlertText_isPrintedHarmlessInEverySink() throws Exception {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      labels.put("k" + i, HOSTILE.get(i));
    }
    IncidentRequest hostile =
        new IncidentRequest(
            SERVICE,
            "INC-7",
            new Trigger(Trigger.ALERT, "alertmanager", "error-rate-spike", labels, "fp-x", null),
            null,
            false,
            "[click](http://evil.example) ![x](http://evil.example/p.png) <b>bold</b> `c` |cell|",
            "alert-receiver",
            null);
    IncidentResponseWorkflow run = open(hostile);
    RunbookProgress progress = awaitDecision(run);
    IncidentReport report = run.report();
    assertThat(report.trigger().labels()).isEqualTo(labels); // stored as given

    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    String reportJson = json.writeValueAsString(report);
    String onTerminal = dev.drrunbooks.text.Untrusted.terminal(reportJson);
    assertThat(json.readTree(onTerminal)).isEqualTo(json.readTree(reportJson));
    Map<String, String> sinks = new java.util.LinkedHashMap<>();
    for (var style : dev.drrunbooks.runbook.ProgressMarkdown.Style.values()) {
      sinks.put(
          "checklist " + style,
          dev.drrunbooks.runbook.ProgressMarkdown.render(progress, style)
              .replaceAll("\u001b\\[[0-9;]*m", ""));
    }
    sinks.put("report md", IncidentReportMarkdown.render(report));
    sinks.put("report json on a terminal", onTerminal);

    assertThat(sinks.get("report md")).contains("k0=").contains("k6=");
    sinks.forEach(
        (sink, text) -> {
          assertThat(text.codePoints().filter(cp -> cp != '\n'))
              .as(sink)
              .noneMatch(dev.drrunbooks.text.Untrusted::unsafe);
          assertThat(text.lines())
              .as(sink)
              .noneMatch(l -> l.startsWith("# forged") || l.startsWith("| forged"));
        });
    assertThat(sinks.get("report md"))
        .doesNotContain("[click](")
        .doesNotContain("<b>")
        .contains("\\[click\\](http://evil.example)");
  }

  /** Strings an attacker puts in an alert: each must reach no terminal, log or report raw. */
  static final List<String> HOSTILE =
      List.of(
          "\u001b[2J\u001b]0;retitled\u0007cleared",
          "one\n# forged heading\n| forged | row |",
          "\u009b31m C1 CSI",
          "\u202Eevil\u202C and \u2066isolate\u2069",
          "a\u2028b\u2029c",
          "\r\u0000\u007f\u0085",
          "<!channel> <http://evil.example|click> @oncall");

  /** 2,500 distinct alerts: the report keeps 20 lines and one counted line, not 2,500. */
  @Test
  void stormOfDistinctAlerts_isCountedOnOneLine_pastTheFirstTwenty() {
    IncidentResponseWorkflow run =
        open(request(Trigger.alert("alertmanager", "error-rate-spike", "fp-1", null), false));
    awaitDecision(run);
    WorkflowStub incident = client.newUntypedWorkflowStub(ID);
    for (int i = 0; i < 60; i++) {
      incident.signal(
          "alert",
          new IncidentRequest(
              SERVICE,
              null,
              Trigger.alert("cloudwatch", "health-check-failed", "fp-storm-" + i, null),
              null,
              false,
              "target " + i + " unhealthy",
              "alert-receiver",
              null));
    }

    IncidentReport draft = run.report();
    assertThat(draft.joined()).hasSize(JoinedReports.JOINED_LINES + 1);
    assertThat(draft.joined().get(JoinedReports.JOINED_LINES).reason())
        .isEqualTo("40 alert(s) of health-check-failed joined after the first 20");
    assertThat(
            run.progress().timeline().stream()
                .filter(e -> String.valueOf(e.detail()).startsWith("joined: ")))
        .hasSize(JoinedReports.JOINED_LINES);
  }

  /**
   * The same alert again (a storm, a re-notification) is not news; its end is recorded, and a
   * resolved alert never opens an incident.
   */
  @Test
  void repeatedAlert_isOnTheTimelineOnce_andItsResolutionIsRecorded() {
    Trigger firing = Trigger.alert("alertmanager", "error-rate-spike", "fp-1", null);
    IncidentResponseWorkflow run = open(request(firing, false));
    awaitDecision(run);
    IncidentRequest other =
        new IncidentRequest(
            SERVICE,
            null,
            Trigger.alert("cloudwatch", "health-check-failed", "fp-2", null),
            null,
            false,
            "again",
            "alert-receiver",
            null);
    for (int i = 0; i < 3; i++) {
      run.alert(other);
      run.alert(request(firing, false));
    }
    run.alert(
        new IncidentRequest(
            SERVICE,
            null,
            new Trigger(
                Trigger.RESOLVED, "alertmanager", "error-rate-spike", Map.of(), "fp-1", null),
            null,
            false,
            null,
            "alert-receiver",
            null));

    IncidentReport draft = run.report();
    assertThat(draft.joined())
        .singleElement()
        .satisfies(j -> assertThat(j.trigger().fingerprint()).isEqualTo("fp-2"));
    assertThat(run.progress().timeline())
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .isEqualTo(
                        "stopped firing: resolved alert error-rate-spike from alertmanager (fingerprint fp-1)"));
    assertThat(
            new IncidentRequest(
                    SERVICE,
                    null,
                    new Trigger(Trigger.RESOLVED, "alertmanager", "x", Map.of(), "fp", null),
                    null,
                    false,
                    null,
                    null,
                    null)
                .problems())
        .contains("a resolved alert never opens an incident; it is recorded on an open one");
  }

  /** A rollback started by hand while the incident is open is refused, naming the incident. */
  @Test
  void rollbackStartedByHand_whileTheIncidentIsOpen_isRefusedNamingIt() {
    IncidentResponseWorkflow run = open(request(Trigger.manual(), false));
    awaitDecision(run);

    AppRollbackWorkflow byHand =
        client.newWorkflowStub(
            AppRollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(Procedure.lockId(RESOURCE))
                .build());
    WorkflowClient.start(
        byHand::run, new AppRollbackRequest(SERVICE, null, null, false, null, "manual", "bob"));

    RunAssertions.assertFails(byHand, FailureTypes.INCIDENT_OPEN, "incident " + ID + " is open");
    assertThat(service.deployed).isEmpty();
    assertThat(run.progress().timeline())
        .anySatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("bob");
              assertThat(e.detail()).contains("refused a hand-started app-rollback");
            });
  }

  /** The objectives clock warns at 50 % and 80 % of the RTO, counted from detection. */
  @Test
  void openIncident_warnsAtHalfAndEightyPercentOfTheRto() {
    Instant firing = Instant.ofEpochMilli(env.currentTimeMillis()).minusSeconds(5 * 60);
    IncidentResponseWorkflow run =
        open(request(Trigger.alert("alertmanager", "error-rate-spike", "fp-1", firing), false));
    awaitDecision(run);

    env.sleep(Duration.ofMinutes(9)); // 14 of 30 minutes since detection
    assertThat(titles()).noneMatch(t -> t.contains("% of the RTO"));
    env.sleep(Duration.ofMinutes(2)); // 16
    assertThat(titles()).contains("50 % of the RTO used").noneMatch(t -> t.startsWith("80"));
    env.sleep(Duration.ofMinutes(9)); // 25
    assertThat(titles()).contains("80 % of the RTO used");
  }

  /**
   * A recovery that fails waits for the commander; giving it up asks for a new decision, and the
   * report keeps both attempts.
   */
  @Test
  void rejectedRecovery_waitsForTheCommander_whoChoosesAgain() {
    IncidentResponseWorkflow run = open(request(Trigger.manual(), false));
    awaitDecision(run);
    run.decide(new DecideRequest("app-rollback", APPROVER, null));
    AppRollbackWorkflow first =
        client.newWorkflowStub(AppRollbackWorkflow.class, Procedure.lockId(RESOURCE));
    awaitProgress(first, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    first.approve(
        new ApprovalRequest("approve-rollback", "dev-lead", Decision.REJECT, "wrong revision"));

    RunbookProgress stuck = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);
    assertThat(step(stuck, "recover-1-app-rollback").detail()).contains("rejected by dev-lead");
    run.resolveStep(
        new StepResolutionRequest(
            "recover-1-app-rollback", StepResolutionRequest.Action.SKIP, APPROVER, "try again"));
    awaitProgress(
        run,
        p ->
            p.steps().stream()
                .anyMatch(
                    s ->
                        s.id().equals("decide-2")
                            && s.status() == StepStatus.WAITING_FOR_APPROVAL));
    assertThatThrownBy(() -> run.decide(new DecideRequest("app-rollback", "mallory", null)))
        .rootCause()
        .hasMessageContaining("'mallory' may not decide");
    run.decide(new DecideRequest("app-rollback", APPROVER, "second try"));
    AppRollbackWorkflow second =
        client.newWorkflowStub(AppRollbackWorkflow.class, Procedure.lockId(RESOURCE));
    awaitProgress(
        second, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL && !p.workflowId().isEmpty());
    second.approve(new ApprovalRequest("approve-rollback", "dev-lead", Decision.APPROVE, null));
    IncidentReport report = WorkflowStub.fromTyped(run).getResult(IncidentReport.class);
    HistoryRecorder.record(client, ID, "incident-response", "incident-rejected-then-rollback");

    assertThat(report.status()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.recoveries())
        .extracting(RecoveryRun::status)
        .containsExactly("SKIPPED", "COMPLETED");
    assertThat(report.recoveries().get(0).outcome()).contains("wrong revision");
    assertThat(report.decisions()).extracting(IncidentDecision::round).containsExactly(1, 2);
    assertThat(report.improvements())
        .anySatisfy(i -> assertThat(i).startsWith("app-rollback skipped"));
  }

  /** A dry run assesses, notifies and runs the proposal as a dry run: nothing is changed. */
  @Test
  void dryRun_assessesAndProposes_withoutChangingAnything() {
    IncidentResponseWorkflow run =
        client.newWorkflowStub(
            IncidentResponseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(ID + "/dry-run/1")
                .build());
    WorkflowClient.start(run::run, request(Trigger.manual(), true));
    IncidentReport report = WorkflowStub.fromTyped(run).getResult(IncidentReport.class);

    assertThat(report.dryRun()).isTrue();
    assertThat(report.status()).isEqualTo(IncidentReport.UNRESOLVED);
    assertThat(report.recoveries())
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).startsWith("DRY_RUN"));
    assertThat(report.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.actor()).isEqualTo("dry run"));
    assertThat(service.deployed).isEmpty();
    assertThat(report.timeline())
        .anySatisfy(e -> assertThat(e.detail()).startsWith("dry run: the service was not changed"));
  }

  /** An incident must run under its resource's id, or a second report could not find it. */
  @Test
  void incidentUnderAnotherId_isRefused() {
    IncidentResponseWorkflow run =
        client.newWorkflowStub(
            IncidentResponseWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("my-incident").build());
    WorkflowClient.start(run::run, request(Trigger.manual(), false));

    RunAssertions.assertFails(
        run, FailureTypes.INVALID_INPUT, "must run with workflow id '" + ID + "'");
  }

  // --- helpers -----------------------------------------------------------------------------

  private IncidentResponseWorkflow open(IncidentRequest request) {
    IncidentResponseWorkflow stub =
        client.newWorkflowStub(
            IncidentResponseWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(stub::run, request);
    batch.add(stub::alert, request);
    client.signalWithStart(batch);
    return stub;
  }

  private static IncidentRequest request(Trigger trigger, boolean dryRun) {
    return new IncidentRequest(
        SERVICE, "INC-7", trigger, null, dryRun, "sync stopped", "ops-lead", null);
  }

  private RunbookProgress awaitDecision(IncidentResponseWorkflow run) {
    return awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
  }

  private List<String> titles() {
    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notify, atLeastOnce()).notify(sent.capture());
    return sent.getAllValues().stream().map(Notification::title).toList();
  }

  private static dev.drrunbooks.runbook.StepView step(RunbookProgress p, String id) {
    return p.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static ServiceProfile.Incident autoRollbackOn(String alert) {
    return new ServiceProfile.Incident(
        List.of(
            new ServiceProfile.Incident.AutoStart(
                "app-rollback", List.of(alert), List.of("SEV1", "SEV2"))),
        null,
        null,
        null);
  }

  /** One region (no failover section), so validation looks at the primary. */
  private static ServiceProfile profile(
      ServiceProfile.Incident incident, List<String> autoApprove) {
    ServiceProfile base = Fixtures.profile(autoApprove);
    return Fixtures.with(base, base.sync(), null, incident);
  }

  /** :42 is a bad release (failing checks, errors in the log) until something deploys :41. */
  static final class BadRelease implements ServiceChecks, ServiceChanges {
    final List<Integer> deployed = new CopyOnWriteArrayList<>();
    private volatile int revision = 42;

    @Override
    public LogSummary recentErrors(LogQuery query) {
      return revision == 42 ? Fixtures.errors() : new LogSummary(0, false, List.of());
    }

    @Override
    public ServiceState describeService(ServiceRef ref) {
      return Fixtures.steadyOn(revision, 2);
    }

    @Override
    public StableRevision findStableRevision(RevisionQuery query) {
      return Fixtures.stable(41);
    }

    @Override
    public HealthReport checkHealth(HealthQuery query) {
      return revision == 42 ? Fixtures.unhealthy(2) : Fixtures.healthy(2);
    }

    @Override
    public ServiceChange updateService(UpdateServiceCommand command) {
      int before = revision;
      revision = command.revision();
      deployed.add(command.revision());
      return new ServiceChange(true, ":" + before, ":" + command.revision(), "deployment started");
    }

    @Override
    public ServiceChange scaleService(ScaleServiceCommand command) {
      return new ServiceChange(false, "2", "2", "unchanged");
    }

    @Override
    public ServiceChange startService(StartServiceCommand command) {
      return new ServiceChange(false, "2", "2", "unchanged");
    }

    @Override
    public ServiceChange redeployService(dev.drrunbooks.service.RedeployCommand command) {
      return new ServiceChange(false, null, null, "unused here");
    }

    @Override
    public ServiceChange markRevisionBad(MarkRevisionCommand command) {
      return new ServiceChange(true, ":42", ":42", "tagged known-bad");
    }

    @Override
    public ServiceChange unmarkRevisionBad(MarkRevisionCommand command) {
      return new ServiceChange(true, ":42", ":42", "untagged");
    }
  }
}
