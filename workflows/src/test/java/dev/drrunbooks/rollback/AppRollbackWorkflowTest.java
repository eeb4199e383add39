package dev.drrunbooks.rollback;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.assertFails;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.rollback.AppRollbackResult.Outcome;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.RevisionQuery;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.StableRevision;
import dev.drrunbooks.service.UpdateServiceCommand;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class AppRollbackWorkflowTest {

  private static final String QUEUE = "rollback-test";

  /** The id that holds the protected service, as {@code runbook start} names the run. */
  private static final String ID = Procedure.lockId(ServiceRef.primary(Fixtures.profile()));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final ServiceChecks checks =
      mock(ServiceChecks.class, withSettings().withoutAnnotations());
  private final ServiceChanges changes =
      mock(ServiceChanges.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(AppRollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(profiles, checks, changes, notify);
    env.start();
    client = env.getWorkflowClient();

    when(profiles.loadProfile(SERVICE))
        .thenReturn(Fixtures.profile(List.of("health-check-failed")));
    when(checks.recentErrors(any())).thenReturn(Fixtures.errors());
    when(checks.describeService(any()))
        .thenReturn(
            Fixtures.steadyOn(42, 2), Fixtures.rollingOutTo(41, 42, 2), Fixtures.steadyOn(41, 2));
    when(checks.findStableRevision(any())).thenReturn(Fixtures.stable(41));
    // First look (assess-health) finds the symptoms; after the rollback the service is healthy.
    when(checks.checkHealth(any())).thenReturn(Fixtures.unhealthy(2), Fixtures.healthy(2));
    when(changes.updateService(any()))
        .thenReturn(new ServiceChange(true, ":42", ":41", "deployment started"));
    when(changes.markRevisionBad(any()))
        .thenReturn(new ServiceChange(true, ":42", ":42", "tagged :42 known-bad"));
    when(changes.scaleService(any()))
        .thenReturn(new ServiceChange(true, "2", "4", "desired 2 -> 4"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * The plan's 3.1 path end to end: a person approves, the service goes back to :41 and is healthy.
   */
  /**
   * Right after UpdateService, DescribeServices may still show the old revision alone and settled:
   * that is not the rollback having rolled out, and the wait goes on until :41 is the deployment.
   */
  @Test
  void describeLaggingBehindTheUpdate_isNotSteadyState() {
    when(checks.describeService(any()))
        .thenReturn(
            Fixtures.steadyOn(42, 2),
            Fixtures.steadyOn(42, 2),
            Fixtures.rollingOutTo(41, 42, 2),
            Fixtures.steadyOn(41, 2));
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    run.approve(new ApprovalRequest("approve-rollback", APPROVER, Decision.APPROVE, "go"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.steps().stream().filter(s -> s.id().equals("wait-steady-state")))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("revision 41"));
    verify(checks, times(4)).describeService(any());
  }

  @Test
  void manualRollback_approvedByAllowedApprover_rollsBackAndVerifiesHealth() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    run.approve(
        new ApprovalRequest("approve-rollback", APPROVER, Decision.APPROVE, "error rate 40%"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.fromRevision()).isEqualTo(42);
    assertThat(result.toRevision()).isEqualTo(41);
    assertThat(result.healthy()).isTrue();
    assertThat(result.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approver()).isEqualTo(APPROVER);
              assertThat(a.comment()).isEqualTo("error rate 40%");
            });
    assertThat(result.steps())
        .extracting(StepView::status)
        .containsOnly(StepStatus.DONE, StepStatus.SKIPPED);
    verify(changes, times(1)).updateService(any(UpdateServiceCommand.class));
    verify(changes, never()).scaleService(any());
    ArgumentCaptor<MarkRevisionCommand> mark = ArgumentCaptor.forClass(MarkRevisionCommand.class);
    verify(changes).markRevisionBad(mark.capture());
    assertThat(mark.getValue().service()).isEqualTo(ServiceRef.primary(Fixtures.profile()));
    assertThat(mark.getValue().family()).isEqualTo(Fixtures.FAMILY);
    assertThat(mark.getValue().revision()).isEqualTo(42);
    assertThat(mark.getValue().tag()).isEqualTo("dr-runbooks/known-bad");
    assertThat(mark.getValue().actor()).isEqualTo("AppRollback " + ID);
    assertThat(mark.getValue().reason())
        .startsWith("unhealthy before rollback (0 of 2 load balancer targets healthy")
        .endsWith("healthy on :41 after");
    assertThat(stepOf(result.steps(), "assess-health").detail()).startsWith("UNHEALTHY");
    HistoryRecorder.record(client, ID, "app-rollback", "app-rollback-approved");
  }

  /** Guards against a rollback nobody decided: the gate waits, and a stranger cannot open it. */
  @Test
  void approvalByUnknownApprover_isRejectedByValidator_andRunKeepsWaiting() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    assertThatThrownBy(
            () -> run.approve(new ApprovalRequest("approve-rollback", "mallory", null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("approver 'mallory' is not allowed")
        .hasMessageContaining(APPROVER);
    assertThatThrownBy(() -> run.approve(new ApprovalRequest("approve-dns", APPROVER, null, null)))
        .rootCause()
        .hasMessageContaining("unknown gate 'approve-dns'");

    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
    assertThat(progress.approvals()).isEmpty();
    verifyNoInteractions(changes);
  }

  /**
   * A gate nobody answers escalates and keeps waiting; the objectives clock warns at 50 % of the
   * RTO. Guards against a gate that approves itself after a timeout.
   */
  @Test
  void unansweredGate_remindsAndWarnsOnRto_butNeverApprovesItself() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    env.sleep(Duration.ofMinutes(16));

    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
    assertThat(progress.approvals()).isEmpty();
    assertThat(progress.rtoPercentUsed()).isGreaterThanOrEqualTo(50);
    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notify, atLeastOnce()).notify(sent.capture());
    assertThat(sent.getAllValues())
        .extracting(Notification::title)
        .contains(
            "Approval needed: approve-rollback",
            "Still waiting for approval: approve-rollback",
            "50 % of the RTO used");
    assertThat(sent.getAllValues())
        .filteredOn(n -> n.title().startsWith("Still waiting"))
        .allSatisfy(n -> assertThat(n.level()).isEqualTo(Notification.Level.CRITICAL));
    verifyNoInteractions(changes);

    run.approve(
        new ApprovalRequest("approve-rollback", APPROVER, Decision.APPROVE, "late but sure"));
    assertThat(WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class).outcome())
        .isEqualTo(Outcome.ROLLED_BACK);
  }

  /** A rejected gate ends the run without touching the service. */
  @Test
  void gateRejected_endsRunWithoutChange() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(
        new ApprovalRequest("approve-rollback", APPROVER, Decision.REJECT, "not the cause"));

    assertFails(run, FailureTypes.REJECTED, "rejected by ops-lead: not the cause");
    verifyNoInteractions(changes);
  }

  /**
   * Task list 1: an automatic trigger allowed by policy rolls back without waiting for a person.
   */
  @Test
  void policyTrigger_autoApprovesGate_andRecordsWhy() {
    AppRollbackWorkflow run = start(request(null, 4, false, "health-check-failed"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.approver()).isEqualTo("policy");
              assertThat(a.comment()).contains("health-check-failed");
            });
    verify(changes)
        .scaleService(
            new ScaleServiceCommand(
                dev.drrunbooks.service.ServiceRef.primary(Fixtures.profile()), 4));
  }

  /**
   * Task list 1, conditional rollback: an alert about a service that is healthy again changes
   * nothing.
   */
  @Test
  void automaticTrigger_onHealthyService_rollsNothingBack() {
    when(checks.checkHealth(any())).thenReturn(Fixtures.healthy(2));
    AppRollbackWorkflow run = start(request(null, null, false, "error-rate-spike"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.NOT_NEEDED);
    assertThat(result.toRevision()).isEqualTo(result.fromRevision());
    assertThat(stepOf(result.steps(), "update-service").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(stepOf(result.steps(), "update-service").detail())
        .contains("does not roll back a healthy service");
    verify(checks, never()).findStableRevision(any());
    verifyNoInteractions(changes);
  }

  /**
   * A clear refusal when nothing qualifies as stable: nothing changed, nobody notified, the run
   * ends REFUSED (the CLI's exit 2).
   */
  @Test
  void noStableRevision_refusesRunWithClearError_withoutNotifying() {
    when(checks.findStableRevision(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "no ACTIVE revision of gitee-notion-sync-task older than :42", "NoStableRevision"));
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));

    assertFails(run, "NoStableRevision", "find-stable-revision: no ACTIVE revision");
    assertThat(run.progress().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(run.progress().outcome()).startsWith("refused: find-stable-revision: no ACTIVE");
    verifyNoInteractions(changes, notify);
  }

  /** A failing change waits for a person; RETRY runs it again and the run completes. */
  @Test
  void failedStep_retriedByOperator_completes() {
    when(changes.updateService(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("ECS throttled", "Throttling"))
        .thenReturn(new ServiceChange(true, ":42", ":41", "deployment started"));
    AppRollbackWorkflow run = start(request(null, null, false, "health-check-failed"));

    RunbookProgress failed = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);
    assertThat(failed.waitingStep().id()).isEqualTo("update-service");
    assertThat(failed.waitingStep().detail()).contains("ECS throttled");

    run.resolveStep(
        new StepResolutionRequest("update-service", Action.RETRY, APPROVER, "throttle over"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(stepOf(result.steps(), "update-service").attempts()).isEqualTo(2);
    verify(changes, times(2)).updateService(any());
    HistoryRecorder.record(client, ID, "app-rollback", "app-rollback-step-retried");
  }

  /** SKIP marks the step skipped and the run goes on (the operator did it by hand). */
  @Test
  void failedStep_skippedByOperator_continuesWithNextStep() {
    when(changes.updateService(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("ECS throttled", "Throttling"));
    AppRollbackWorkflow run = start(request(null, null, false, "health-check-failed"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);

    run.resolveStep(new StepResolutionRequest(null, Action.SKIP, APPROVER, "rolled back by hand"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    StepView update = stepOf(result.steps(), "update-service");
    assertThat(update.status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(update.detail()).contains("skipped by ops-lead");
    assertThat(stepOf(result.steps(), "verify-health").status()).isEqualTo(StepStatus.DONE);
  }

  /**
   * A missing log group is worth a look, not the end of a rollback: the logs step waits, the
   * operator skips it, and the rollback goes on. Guards against global failure mapping.
   */
  @Test
  void missingLogGroup_logsStepSkippedByOperator_rollbackContinues() {
    when(checks.recentErrors(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "CloudWatch Logs FilterLogEvents: log group /ecs/gitee-notion-sync does not exist",
                ServiceChecks.LOG_GROUP_NOT_FOUND));
    AppRollbackWorkflow run = start(request(null, null, false, "health-check-failed"));

    RunbookProgress waiting = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);
    assertThat(waiting.waitingStep().id()).isEqualTo("read-error-logs");
    run.resolveStep(new StepResolutionRequest(null, Action.SKIP, APPROVER, "logs moved"));

    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);
    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    StepView logs = stepOf(result.steps(), "read-error-logs");
    assertThat(logs.status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(logs.failures())
        .singleElement()
        .extracting(StepView.Attempt::failureType)
        .isEqualTo(ServiceChecks.LOG_GROUP_NOT_FOUND);
    verify(changes, times(1)).updateService(any());
  }

  /** A rollback started under another id than its resource's is refused before any change. */
  @Test
  void runNotHoldingItsResource_isRefusedBeforeAnyChange() {
    AppRollbackWorkflow run =
        client.newWorkflowStub(
            AppRollbackWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("my-own-id").setTaskQueue(QUEUE).build());
    WorkflowClient.start(run::run, request(null, null, false, "manual"));

    assertFails(run, FailureTypes.INVALID_INPUT, "must be started with workflow id '" + ID + "'");
    verifyNoInteractions(changes);
  }

  /** ABORT ends the run with the operator's reason; a step others depend on cannot be skipped. */
  @Test
  void failedStep_abortedByOperator_failsRun() {
    when(checks.describeService(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("AccessDenied by SCP", "Boom"));
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);

    assertThatThrownBy(
            () -> run.resolveStep(new StepResolutionRequest(null, Action.SKIP, APPROVER, null)))
        .rootCause()
        .hasMessageContaining("cannot be skipped");
    assertThatThrownBy(
            () -> run.resolveStep(new StepResolutionRequest(null, Action.ABORT, "mallory", null)))
        .rootCause()
        .hasMessageContaining("'mallory' may not resolve steps");

    run.resolveStep(
        new StepResolutionRequest("describe-service", Action.ABORT, APPROVER, "fix IAM first"));
    assertFails(
        run, FailureTypes.ABORTED, "aborted by ops-lead at step describe-service: fix IAM first");
  }

  /** A profile that cannot be read yet (not malformed) waits for an operator instead of failing. */
  @Test
  void unreadableProfile_canBeRetriedBeforeApproversAreKnown() {
    when(profiles.loadProfile(SERVICE))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("disk not mounted", "ProfileUnreadable"))
        .thenReturn(Fixtures.profile());
    AppRollbackWorkflow run = start(request(null, null, true, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);

    run.resolveStep(
        new StepResolutionRequest("load-profile", Action.RETRY, "night-shift", "mounted"));

    assertThat(WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class).outcome())
        .isEqualTo(Outcome.DRY_RUN);
  }

  /** Dry run fails closed: no mutating activity is ever scheduled, and the plan is reported. */
  @Test
  void dryRun_schedulesNoMutation_andReportsWhatItWouldDo() {
    AppRollbackWorkflow run = start(request(null, 3, true, "manual"));
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(result.plannedActions())
        .containsExactly(
            "UpdateService gitee-notion-sync-cluster/gitee-notion-sync-service (sandbox, ap-southeast-1) taskDefinition=gitee-notion-sync-task:41",
            "UpdateService gitee-notion-sync-cluster/gitee-notion-sync-service (sandbox, ap-southeast-1) desiredCount=3",
            "TagResource gitee-notion-sync-task:42 dr-runbooks/known-bad=true");
    verifyNoInteractions(changes);
    List<String> scheduled =
        client.fetchHistory(ID).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
            .map(a -> a.getActivityType().getName())
            .toList();
    assertThat(scheduled)
        .doesNotContain("UpdateServiceRevision", "ScaleService", "MarkRevisionBad")
        .contains("CheckHealth");
    HistoryRecorder.record(client, ID, "app-rollback", "app-rollback-dry-run");
  }

  /** A deployment that never settles ends the wait at its bound and hands over to a person. */
  @Test
  void steadyStateNeverReached_timesOutCleanly() {
    when(checks.describeService(any()))
        .thenReturn(Fixtures.steadyOn(42, 2))
        .thenReturn(Fixtures.rollingOutTo(41, 42, 2));
    AppRollbackWorkflow run = start(request(null, null, false, "health-check-failed"));
    awaitProgress(run, p -> stepOf(p.steps(), "wait-steady-state").status() == StepStatus.RUNNING);

    env.sleep(Duration.ofMinutes(16));
    RunbookProgress progress =
        awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);
    assertThat(progress.waitingStep().id()).isEqualTo("wait-steady-state");
    assertThat(progress.waitingStep().detail())
        .startsWith("not steady after 15 min: revision 41, 1/2 running");

    run.resolveStep(new StepResolutionRequest(null, Action.ABORT, APPROVER, "investigating"));
    assertFails(run, FailureTypes.ABORTED, "at step wait-steady-state");
  }

  /** Bad input is refused before any activity runs. */
  @Test
  void negativeDesiredCount_failsWithoutSideEffects() {
    AppRollbackWorkflow run = start(request(null, -2, false, "manual"));
    assertFails(run, FailureTypes.INVALID_INPUT, "desiredCount must be from 1 to 1000 (was -2)");
    assertThat(run.progress().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(run.progress().outcome()).startsWith("refused: desiredCount");
    verifyNoInteractions(profiles, checks, changes, notify);
  }

  /**
   * The window of the verdict starts when the rollout was seen complete, and "not enough data yet"
   * keeps looking, one metric period apart, until the traffic is there.
   */
  @Test
  void verifyHealth_notEnoughDataYet_keepsLookingOnPostRolloutTraffic_thenPasses() {
    when(checks.checkHealth(any()))
        .thenReturn(
            Fixtures.unhealthy(2),
            Fixtures.notEnoughData(2),
            Fixtures.notEnoughData(2),
            Fixtures.healthy(2));
    AppRollbackWorkflow run = startManualAndApprove();
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    ArgumentCaptor<HealthQuery> queries = ArgumentCaptor.forClass(HealthQuery.class);
    verify(checks, times(4)).checkHealth(queries.capture());
    assertThat(queries.getAllValues().get(0).trafficSince()).isNull();
    Instant since = queries.getAllValues().get(1).trafficSince();
    assertThat(since).isNotNull();
    assertThat(queries.getAllValues().subList(1, 4))
        .allSatisfy(q -> assertThat(q.trafficSince()).isEqualTo(since));
    assertThat(since)
        .isAfterOrEqualTo(
            run.progress().timeline().stream()
                .filter(e -> "wait-steady-state".equals(e.step()))
                .map(e -> e.at())
                .max(Instant::compareTo)
                .orElseThrow());
    assertThat(stepOf(result.steps(), "verify-health").detail()).startsWith("healthy");
  }

  /** An unhealthy verdict after the profile's bound fails the step for a person to decide. */
  @Test
  void verifyHealth_stillUnhealthyAtTheBound_failsStepForADecision_andTagsNothing() {
    when(checks.checkHealth(any())).thenReturn(Fixtures.unhealthy(2));
    AppRollbackWorkflow run = startManualAndApprove();
    env.sleep(Duration.ofMinutes(6));

    RunbookProgress failed =
        awaitProgress(run, p -> p.step("verify-health").status() == StepStatus.FAILED);
    assertThat(failed.step("verify-health").failures())
        .last()
        .satisfies(a -> assertThat(a.reason()).startsWith("service unhealthy after 300 s"));
    run.resolveStep(new StepResolutionRequest("verify-health", Action.ABORT, APPROVER, "paging"));
    assertFails(run, FailureTypes.ABORTED, "at step verify-health");
    verify(changes, never()).markRevisionBad(any());
  }

  /**
   * Task list 1, gradual rollback: three batches of one task; the second is unhealthy, so the run
   * stops there and the third batch is never reported as done.
   */
  @Test
  void gradualRollback_failingMiddleBatch_stopsThere() {
    when(checks.describeService(any()))
        .thenReturn(
            Fixtures.steadyOn(42, 3),
            Fixtures.batchesTo(41, 42, 3, 1),
            Fixtures.batchesTo(41, 42, 3, 2));
    HealthReport firstBatch =
        new HealthReport(3, 3, 1, 3, 200, null, List.of("1 of 3 load balancer targets healthy"));
    HealthReport secondBatch =
        new HealthReport(3, 3, 1, 3, 503, null, List.of("health URL answered 503"));
    when(checks.checkHealth(any())).thenReturn(Fixtures.unhealthy(3), firstBatch, secondBatch);
    AppRollbackWorkflow run = start(gradual(null));
    assertThat(gateQuestion(run))
        .contains("Strategy: gradual (3 batch(es) of 1 task(s): maximumPercent 134");
    run.approve(new ApprovalRequest("approve-rollback", APPROVER, Decision.APPROVE, null));

    RunbookProgress failed =
        awaitProgress(
            run,
            p ->
                p.step("rollout-batch-2") != null
                    && p.step("rollout-batch-2").status() == StepStatus.FAILED);
    assertThat(failed.step("rollout-batch-1").status()).isEqualTo(StepStatus.DONE);
    assertThat(failed.step("rollout-batch-1").detail()).startsWith("1 new tasks running");
    assertThat(failed.step("rollout-batch-2").status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.step("rollout-batch-2").failures())
        .last()
        .satisfies(
            a -> assertThat(a.reason()).startsWith("batch 2/3 unhealthy: health URL answered 503"));
    assertThat(failed.step("rollout-batch-3").status()).isEqualTo(StepStatus.PENDING);
    run.resolveStep(new StepResolutionRequest(null, Action.ABORT, APPROVER, "batch 2 sick"));
    assertFails(run, FailureTypes.ABORTED, "at step rollout-batch-2");
    verify(changes).updateService(any());
    ArgumentCaptor<UpdateServiceCommand> update =
        ArgumentCaptor.forClass(UpdateServiceCommand.class);
    verify(changes).updateService(update.capture());
    assertThat(update.getValue().maximumPercent()).isEqualTo(134);
    verify(changes, never()).markRevisionBad(any());
    HistoryRecorder.record(client, ID, "app-rollback", "app-rollback-gradual-batch-failed");
  }

  /** A revision the checks refuse ends the run at once with the reason; nothing changes. */
  @Test
  void refusedRevision_endsRunWithTheReason_withoutChange() {
    when(checks.findStableRevision(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "refused: gitee-notion-sync-task:43 is newer than the current :42: that is a roll forward",
                ServiceChecks.REVISION_REFUSED));
    AppRollbackWorkflow run = start(request(43, null, false, "manual"));

    assertFails(run, ServiceChecks.REVISION_REFUSED, "roll forward");
    verifyNoInteractions(changes);
  }

  /**
   * --force carries its reason to the activity and to the gate, and a forced rollback always waits
   * for a person, even for a trigger the policy approves.
   */
  @Test
  void forcedRevision_reasonShownAtGate_andPolicyNeverApprovesIt() {
    when(checks.findStableRevision(any()))
        .thenReturn(
            new StableRevision(
                40,
                Fixtures.arn(40),
                "requested, forced: vendor hotfix verified",
                List.of(),
                Fixtures.FAMILY,
                "sync:2.3.40",
                "sync:2.3.42",
                List.of("gitee-notion-sync-task:40 is tagged dr-runbooks/known-bad=true")));
    AppRollbackWorkflow run =
        start(
            new AppRollbackRequest(
                SERVICE,
                "40",
                null,
                false,
                "INC-7",
                "health-check-failed",
                "test",
                null,
                null,
                "vendor hotfix verified"));

    assertThat(gateQuestion(run))
        .startsWith(
            "FORCED by test: \"vendor hotfix verified\" (overrides: gitee-notion-sync-task:40 is tagged")
        .contains("(sync:2.3.42) to gitee-notion-sync-task:40 (sync:2.3.40)");
    ArgumentCaptor<RevisionQuery> query = ArgumentCaptor.forClass(RevisionQuery.class);
    verify(checks).findStableRevision(query.capture());
    assertThat(query.getValue().requestedRevision()).isEqualTo(40);
    assertThat(query.getValue().force()).isEqualTo("vendor hotfix verified");
    run.approve(new ApprovalRequest("approve-rollback", APPROVER, Decision.REJECT, "no"));
    assertFails(run, FailureTypes.REJECTED, "rejected");
  }

  /** A rollback of a service that looked healthy proves nothing about the release it replaced. */
  @Test
  void manualRollbackOfHealthyService_doesNotTagTheReplacedRevision() {
    when(checks.checkHealth(any())).thenReturn(Fixtures.healthy(2));
    AppRollbackWorkflow run = startManualAndApprove();
    AppRollbackResult result = WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(stepOf(result.steps(), "mark-bad-revision").detail())
        .contains("no symptoms seen before the rollback (HEALTHY)");
    verify(changes, never()).markRevisionBad(any());
  }

  /** A scale-out beyond the profile's bound is refused before anything is looked at or changed. */
  @Test
  void desiredCountAboveProfileMaximum_isRefused() {
    AppRollbackWorkflow run = start(request(null, 9, false, "manual"));
    assertFails(run, FailureTypes.INVALID_INPUT, "above the profile's ecs.maxDesiredCount 8");
    verify(checks, never()).describeService(any());
    verifyNoInteractions(changes);
  }

  /**
   * runbook cancel: who and why are signalled before Temporal's cancel, and the outcome says so.
   */
  @Test
  void canceledAtTheGate_outcomeNamesWhoAndWhy_andNothingChanged() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.cancelReason(
        new dev.drrunbooks.runbook.CancelRequest("ops-lead", "wrong service", "alice", "laptop"));
    WorkflowStub.fromTyped(run).cancel();

    RunbookProgress ended = awaitProgress(run, p -> p.status() == RunStatus.CANCELED);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(Object.class))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class);
    HistoryRecorder.record(client, ID, "app-rollback", "app-rollback-canceled-at-gate");
    assertThat(ended.outcome())
        .isEqualTo("canceled by ops-lead (alice@laptop): wrong service; nothing to undo");
    assertThat(ended.timeline())
        .anyMatch(
            e ->
                e.type() == dev.drrunbooks.runbook.TimelineEvent.Type.CANCEL_REQUESTED
                    && "ops-lead".equals(e.actor()));
    verifyNoInteractions(changes);
  }

  /** Every decision records where it came from beside the typed name. */
  @Test
  void approvalFromTheCli_recordsOsUserAndHostBesideTheTypedName() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(
        new ApprovalRequest(
            "approve-rollback", APPROVER, Decision.REJECT, "not now", "alice@ops-laptop"));

    assertFails(run, FailureTypes.REJECTED, "rejected by ops-lead: not now");
    assertThat(run.progress().timeline())
        .anyMatch(
            e ->
                e.type() == dev.drrunbooks.runbook.TimelineEvent.Type.GATE_DECIDED
                    && "alice@ops-laptop".equals(e.facts().get("via")));
  }

  // --- helpers ---------------------------------------------------------------------------

  private AppRollbackRequest request(
      Integer revision, Integer desired, boolean dryRun, String trigger) {
    return new AppRollbackRequest(
        SERVICE,
        revision == null ? null : revision.toString(),
        desired,
        dryRun,
        "INC-7",
        trigger,
        "test");
  }

  private static AppRollbackRequest gradual(String force) {
    return new AppRollbackRequest(
        SERVICE, null, null, false, "INC-7", "manual", "test", null, "gradual", force);
  }

  /** The question of the gate the run waits at. */
  private static String gateQuestion(AppRollbackWorkflow run) {
    return awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL).timeline().stream()
        .filter(e -> e.type() == dev.drrunbooks.runbook.TimelineEvent.Type.GATE_WAITING)
        .map(dev.drrunbooks.runbook.TimelineEvent::detail)
        .reduce((first, last) -> last)
        .orElseThrow();
  }

  /** A manual rollback whose gate the approver has approved. */
  private AppRollbackWorkflow startManualAndApprove() {
    AppRollbackWorkflow run = start(request(null, null, false, "manual"));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve-rollback", APPROVER, Decision.APPROVE, null));
    return run;
  }

  private AppRollbackWorkflow start(AppRollbackRequest request) {
    AppRollbackWorkflow run =
        client.newWorkflowStub(
            AppRollbackWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(QUEUE).build());
    WorkflowClient.start(run::run, request);
    return run;
  }

  private static StepView stepOf(List<StepView> steps, String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
