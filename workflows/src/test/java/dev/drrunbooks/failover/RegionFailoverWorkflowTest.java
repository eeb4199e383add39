package dev.drrunbooks.failover;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.failover.RegionFailoverResult.Outcome;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.CancelRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.StartServiceCommand;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RegionFailover on a time-skipping server with the AWS-facing activities mocked: the DNS record is
 * a small in-memory zone, so the undos can be judged by where the name ends up.
 */
class RegionFailoverWorkflowTest {

  private static final String QUEUE = "failover-test";
  private static final String ID = Procedure.lockId(ServiceRef.primary(Fixtures.profile()));
  private static final DnsTarget PRIMARY =
      DnsTarget.cname("primary-lb.ap-southeast-1.elb.amazonaws.com", 60);
  private static final DnsTarget STANDBY =
      DnsTarget.cname("standby-lb.ap-northeast-1.elb.amazonaws.com", 60);

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
  private final dev.drrunbooks.sync.SyncChecks sync =
      mock(dev.drrunbooks.sync.SyncChecks.class, withSettings().withoutAnnotations());
  private final Zone zone = new Zone();
  private final DatabaseReplicas replicas =
      mock(DatabaseReplicas.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        RegionFailoverWorkflowImpl.class, dev.drrunbooks.validation.ValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        profiles, checks, changes, notify, zone, replicas, sync);
    Fixtures.syncInOrder(sync);
    env.start();
    client = env.getWorkflowClient();

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.profile());
    // The standby idles at 0 tasks; once started it is steady with 2.
    when(checks.describeService(argThat(r -> r != null && isStandby(r))))
        .thenReturn(
            Fixtures.steadyOn(41, 0), Fixtures.rollingOutTo(41, 41, 2), Fixtures.steadyOn(41, 2));
    when(checks.checkHealth(argThat(q -> q != null && !isStandby(q.service()))))
        .thenThrow(
            ApplicationFailure.newFailure(
                "connect timed out: ap-southeast-1", "SdkClientException"));
    when(checks.checkHealth(argThat(q -> q != null && isStandby(q.service()))))
        .thenReturn(Fixtures.healthy(2));
    when(changes.startService(any()))
        .thenReturn(new ServiceChange(true, "0", "2", "started with 2 tasks"));
    when(changes.scaleService(any()))
        .thenReturn(new ServiceChange(true, "2", "0", "desired count 2 -> 0"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * The plan's 3.3 path: the standby starts while the gate waits, DNS switches after approval and
   * is verified; nothing is undone.
   */
  @Test
  void primaryDown_failoverApproved_switchesDnsOnceAndVerifiesTheStandby() {
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(
        run,
        p ->
            p.status() == RunStatus.WAITING_FOR_APPROVAL
                && step(p, "start-standby").status() == StepStatus.DONE);
    assertThat(zone.record.get()).isEqualTo(PRIMARY);
    env.sleep(java.time.Duration.ofMinutes(2)); // the commander reads the evidence

    run.approve(new ApprovalRequest("approve-failover", APPROVER, Decision.APPROVE, "region down"));
    RegionFailoverResult result = WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class);
    HistoryRecorder.record(client, ID, "region-failover", "region-failover-approved");

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_OVER);
    assertThat(result.dnsBefore()).isEqualTo(PRIMARY.oneLine());
    assertThat(result.dnsAfter()).isEqualTo(STANDBY.oneLine());
    assertThat(zone.record.get()).isEqualTo(STANDBY);
    assertThat(zone.upserts).isEqualTo(1);
    assertThat(result.standbyReadyBeforeApprovalSeconds()).isGreaterThanOrEqualTo(110);
    // The Validation child looked at the standby the name now points at.
    assertThat(result.validation()).startsWith("PASS: 4 pass, 1 skipped");
    assertThat(result.measuredRpoSeconds()).isEqualTo(20);
    assertThat(step(run.progress(), "validate").childWorkflowId()).isEqualTo(ID + "/validation");
    assertThat(result.dnsInSyncSeconds()).isNotNull();
    assertThat(step(run.progress(), "assess-primary").detail())
        .startsWith("unreachable: connect timed out");
    verify(changes, times(1))
        .startService(argThat((StartServiceCommand c) -> c.desiredCount() == 2));
    verify(changes, never()).scaleService(any());
  }

  /** The standby never settles: no DNS change; aborted, the standby goes back to 0 tasks. */
  @Test
  void standbyFailsToStabilise_noDnsChange_andTheStandbyIsScaledBack() {
    when(checks.describeService(argThat(r -> r != null && isStandby(r))))
        .thenReturn(Fixtures.steadyOn(41, 0))
        .thenReturn(Fixtures.rollingOutTo(41, 41, 2));
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(run, p -> step(p, "start-standby").status() == StepStatus.FAILED, env);
    run.approve(new ApprovalRequest("approve-failover", APPROVER, Decision.APPROVE, "go"));
    run.resolveStep(
        new StepResolutionRequest("start-standby", Action.ABORT, APPROVER, "standby broken too"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(zone.upserts).isZero();
    verify(changes).scaleService(new ScaleServiceCommand(standbyRef(), 0));
  }

  /**
   * DNS switched, then verification fails and the commander aborts: the primary is healthy again,
   * so the name goes back to it, and then the standby is scaled back.
   */
  @Test
  void verificationFailsAfterTheSwitch_primaryHealthy_dnsRevertedAndStandbyScaledBack() {
    when(checks.checkHealth(argThat(q -> q != null && isStandby(q.service()))))
        .thenReturn(Fixtures.healthy(2), Fixtures.unhealthy(2));
    when(checks.checkHealth(argThat(q -> q != null && !isStandby(q.service()))))
        .thenReturn(Fixtures.unhealthy(2), Fixtures.healthy(2));
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve-failover", APPROVER, Decision.APPROVE, "go"));
    awaitProgress(run, p -> step(p, "verify-availability").status() == StepStatus.FAILED, env);
    assertThat(zone.record.get()).isEqualTo(STANDBY);

    run.resolveStep(
        new StepResolutionRequest("verify-availability", Action.ABORT, APPROVER, "5xx on standby"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(zone.record.get()).isEqualTo(PRIMARY);
    assertThat(zone.upserts).isEqualTo(2);
    verify(changes).scaleService(new ScaleServiceCommand(standbyRef(), 0));
    HistoryRecorder.record(client, ID, "region-failover", "region-failover-reverted");
  }

  /**
   * Verification fails while the primary is still down: reverting would leave nobody behind the
   * name, so the name and the standby stay, and people are told to escalate.
   */
  @Test
  void verificationFails_primaryStillDown_keepsTheStandby_andEscalates() {
    when(checks.checkHealth(argThat(q -> q != null && isStandby(q.service()))))
        .thenReturn(Fixtures.healthy(2), Fixtures.unhealthy(2));
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve-failover", APPROVER, Decision.APPROVE, "go"));
    awaitProgress(run, p -> step(p, "verify-availability").status() == StepStatus.FAILED, env);
    run.resolveStep(
        new StepResolutionRequest("verify-availability", Action.ABORT, APPROVER, "still 5xx"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(zone.record.get()).isEqualTo(STANDBY);
    verify(changes, never()).scaleService(any());
    verify(notify, org.mockito.Mockito.atLeastOnce())
        .notify(
            argThat(
                (Notification n) ->
                    n.level() == Notification.Level.CRITICAL
                        && n.title().contains("Failover not reverted")));
  }

  /** Canceled while the gate waits: the standby that was started early is scaled back. */
  @Test
  void canceledAtTheGate_scalesTheStandbyBack_andNeverTouchesDns() {
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(
        run,
        p ->
            p.status() == RunStatus.WAITING_FOR_APPROVAL
                && step(p, "start-standby").status() == StepStatus.DONE);
    run.cancelReason(new CancelRequest(APPROVER, "primary came back", null, null));
    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(run.progress().status()).isEqualTo(RunStatus.CANCELED);
    assertThat(zone.upserts).isZero();
    verify(changes).scaleService(new ScaleServiceCommand(standbyRef(), 0));
  }

  /**
   * Canceled while the standby's start is still being sent to ECS: the scale-back waits for that
   * call to end, so the start cannot land after its undo and leave the standby running.
   */
  @Test
  void canceledWhileTheStartIsInFlight_scalesBackOnlyAfterTheStartReturned() throws Exception {
    java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
    java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    when(changes.startService(any()))
        .thenAnswer(
            call -> {
              sending.countDown();
              Thread.sleep(3000);
              order.add("start returned");
              return new ServiceChange(true, "0", "2", "started with 2 tasks");
            });
    when(changes.scaleService(any()))
        .thenAnswer(
            call -> {
              order.add("scale-back sent");
              return new ServiceChange(true, "2", "0", "desired count 2 -> 0");
            });
    RegionFailoverWorkflow run = begin(request(false));
    assertThat(sending.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // Cancel while only the start is in flight: the Java test server loses a workflow task that
    // cancels an activity finishing at that very moment (the gate's notification, a health look),
    // so let those settle first; the start still has seconds to go.
    awaitProgress(
        run,
        p ->
            p.timeline().stream()
                .anyMatch(
                    e ->
                        e.type() == dev.drrunbooks.runbook.TimelineEvent.Type.NOTIFICATION_SENT
                            || e.type()
                                == dev.drrunbooks.runbook.TimelineEvent.Type.NOTIFICATION_FAILED));
    assertThat(order).isEmpty();

    run.cancelReason(new CancelRequest(APPROVER, "primary came back", null, null));
    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(
            () ->
                WorkflowStub.fromTyped(run)
                    .getResult(
                        60, java.util.concurrent.TimeUnit.SECONDS, RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(run.progress().status()).isEqualTo(RunStatus.CANCELED);
    assertThat(order).containsExactly("start returned", "scale-back sent");
    assertThat(zone.upserts).isZero();
  }

  @Test
  void dryRun_checksReadiness_andChangesNothing() {
    RegionFailoverWorkflow run = start(request(true));
    RegionFailoverResult result = run.run(request(true));

    assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(result.plannedActions())
        .anyMatch(a -> a.startsWith("start "))
        .anyMatch(a -> a.startsWith("UPSERT "));
    assertThat(zone.upserts).isZero();
    verify(changes, never()).startService(any());
    verify(changes, never()).scaleService(any());
  }

  /** A profile that names no standby is refused before anything is read or changed. */
  @Test
  void profileWithoutAFailoverSection_isRefused() {
    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.withFailover(null));
    RegionFailoverWorkflow run = start(request(false));

    assertThatThrownBy(() -> run.run(request(false))).isInstanceOf(WorkflowFailedException.class);
    assertThat(run.progress().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(run.progress().outcome())
        .contains("has no failover section")
        .contains("a region failover cannot run");
    verify(changes, never()).startService(any());
    assertThat(zone.upserts).isZero();
  }

  @Test
  void nameAlreadyOnTheStandby_switchesNothing() {
    zone.record.set(STANDBY);

    RegionFailoverResult result = start(request(false)).run(request(false));

    assertThat(result.outcome()).isEqualTo(Outcome.ALREADY_ON_STANDBY);
    verify(changes, never()).startService(any());
    assertThat(zone.upserts).isZero();
  }

  /**
   * With a cross-region read replica: its lag within the RPO is reported at readiness, and after
   * the failover's approval it is promoted behind a gate of its own, polled until standalone.
   */
  @Test
  void withAReadReplica_lagWithinRpo_promotedBehindItsOwnGate() {
    when(profiles.loadProfile(SERVICE)).thenReturn(withReplica());
    ReplicaState replica = new ReplicaState("db-replica", "available", "db", 12L);
    when(replicas.describeReplica(any()))
        .thenReturn(
            replica,
            replica,
            new ReplicaState("db-replica", "modifying", "db", null),
            new ReplicaState("db-replica", "available", null, null));
    when(replicas.promoteReplica(any()))
        .thenReturn(new ServiceChange(true, "replica", "promoting", "promotion started"));
    RegionFailoverWorkflow run = begin(request(false));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(run.progress(), "check-replica").detail())
        .isEqualTo("db-replica available, replica of db, lag 12s");

    run.approve(new ApprovalRequest("approve-failover", APPROVER, Decision.APPROVE, "go"));
    awaitProgress(
        run, p -> step(p, "approve-promote-replica").status() == StepStatus.WAITING_FOR_APPROVAL);
    verify(replicas, never()).promoteReplica(any());
    run.approve(
        new ApprovalRequest("approve-promote-replica", APPROVER, Decision.APPROVE, "one-way, ok"));
    RegionFailoverResult result = WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class);
    HistoryRecorder.record(client, ID, "region-failover", "region-failover-replica-promoted");

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_OVER);
    verify(replicas, times(1)).promoteReplica(any());
    assertThat(step(run.progress(), "promote-replica").detail())
        .isEqualTo("db-replica available, standalone (promoted)");
  }

  /** A replica further behind than the RPO stops the run before anything changes the region. */
  @Test
  void replicaLagBeyondTheRpo_failsReadiness_andWaitsForAPerson() {
    when(profiles.loadProfile(SERVICE)).thenReturn(withReplica());
    when(replicas.describeReplica(any()))
        .thenReturn(new ReplicaState("db-replica", "available", "db", 900L));
    RegionFailoverWorkflow run = begin(request(false));

    var p = awaitProgress(run, q -> step(q, "check-replica").status() == StepStatus.FAILED);
    assertThat(step(p, "check-replica").detail())
        .contains("replica lag 15m00s is beyond the RPO of 5 min");
    verify(changes, never()).startService(any());
  }

  // --- helpers -----------------------------------------------------------------------------

  private static dev.drrunbooks.profile.ServiceProfile withReplica() {
    var f = Fixtures.profile().failover();
    return Fixtures.withFailover(
        new dev.drrunbooks.profile.ServiceProfile.Failover(
            f.standby(),
            f.dns(),
            new dev.drrunbooks.profile.ServiceProfile.Failover.Database("db-replica"),
            null));
  }

  /** An in-memory hosted zone: a change is INSYNC on the second look. */
  static final class Zone implements DnsRecords {
    final AtomicReference<DnsTarget> record = new AtomicReference<>(PRIMARY);
    volatile int upserts;
    private volatile int polls;

    @Override
    public DnsTarget readRecord(dev.drrunbooks.service.DnsQuery query) {
      return record.get();
    }

    @Override
    public DnsChange switchRecord(DnsSwitchCommand command) {
      DnsTarget before = record.get();
      if (before.sameDestination(command.to())) {
        return new DnsChange(false, before, before, null);
      }
      upserts++;
      record.set(command.to());
      return new DnsChange(true, before, command.to(), "/change/C" + upserts);
    }

    @Override
    public String changeStatus(dev.drrunbooks.service.DnsQuery query, String changeId) {
      return ++polls % 2 == 0 ? "INSYNC" : "PENDING";
    }
  }

  private static boolean isStandby(ServiceRef ref) {
    return ref.region().equals("ap-northeast-1");
  }

  private static ServiceRef standbyRef() {
    return ServiceRef.standby(Fixtures.profile());
  }

  private static dev.drrunbooks.runbook.StepView step(
      dev.drrunbooks.runbook.RunbookProgress p, String id) {
    return p.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static RegionFailoverRequest request(boolean dryRun) {
    return new RegionFailoverRequest(SERVICE, dryRun, "INC-9", "tester", null, "primary down");
  }

  /** A stub for a run; the test calls run() itself and waits for its result. */
  private RegionFailoverWorkflow start(RegionFailoverRequest request) {
    return client.newWorkflowStub(
        RegionFailoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE)
            .setWorkflowId(request.dryRun() ? "dry/" + System.nanoTime() : ID)
            .build());
  }

  /** A run started in the background, to be steered while it goes. */
  private RegionFailoverWorkflow begin(RegionFailoverRequest request) {
    RegionFailoverWorkflow run = start(request);
    WorkflowClient.start(run::run, request);
    return run;
  }
}
