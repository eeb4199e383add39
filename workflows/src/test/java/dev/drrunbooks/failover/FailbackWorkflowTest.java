package dev.drrunbooks.failover;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.failover.RegionFailoverResult.Outcome;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.service.Failovers;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailbackWorkflowTest {

  private static final String QUEUE = "failback-test";
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
  private final dev.drrunbooks.sync.SyncChecks sync =
      mock(dev.drrunbooks.sync.SyncChecks.class, withSettings().withoutAnnotations());
  private final RegionFailoverWorkflowTest.Zone zone = new RegionFailoverWorkflowTest.Zone();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        FailbackWorkflowImpl.class, dev.drrunbooks.validation.ValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(profiles, checks, changes, notify, zone, sync);
    Fixtures.syncInOrder(sync);
    env.start();
    client = env.getWorkflowClient();
    zone.record.set(Failovers.standbyTarget(Fixtures.profile()));

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.profile());
    when(checks.describeService(any())).thenReturn(Fixtures.steadyOn(41, 2));
    when(checks.checkHealth(any())).thenReturn(Fixtures.healthy(2));
    when(changes.startService(any()))
        .thenReturn(new ServiceChange(false, "2", "2", "already asked for 2 tasks"));
    when(changes.scaleService(any()))
        .thenReturn(new ServiceChange(true, "2", "0", "desired count 2 -> 0"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** Home again: the name returns to the verified primary, and only then the standby idles. */
  @Test
  void primaryHealthyAgain_failbackApproved_nameGoesHome_thenTheStandbyIdles() {
    FailbackWorkflow run = begin();
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve-failback", APPROVER, Decision.APPROVE, "stable 1h"));
    RegionFailoverResult result = WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class);
    HistoryRecorder.record(client, ID, "failback", "failback-approved");

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED_BACK);
    assertThat(result.fromRegion()).isEqualTo("ap-northeast-1");
    assertThat(result.toRegion()).isEqualTo("ap-southeast-1");
    assertThat(zone.record.get()).isEqualTo(Failovers.home(Fixtures.profile()));
    var order = inOrder(checks, changes);
    order
        .verify(checks, org.mockito.Mockito.atLeastOnce())
        .checkHealth(argThat(q -> q.service().region().equals("ap-southeast-1")));
    order
        .verify(changes)
        .scaleService(new ScaleServiceCommand(ServiceRef.standby(Fixtures.profile()), 0));
  }

  /**
   * The primary's targets are not healthy: the name stays on the standby; aborted, nothing was
   * switched and the standby keeps serving.
   */
  @Test
  void primaryTargetsUnhealthy_nameStaysOnTheStandby() {
    when(checks.checkHealth(
            argThat(q -> q != null && q.service().region().equals("ap-southeast-1"))))
        .thenReturn(Fixtures.unhealthy(2));
    FailbackWorkflow run = begin();
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve-failback", APPROVER, Decision.APPROVE, "try"));
    awaitProgress(
        run,
        p ->
            p.steps().stream()
                .anyMatch(
                    s ->
                        s.id().equals("check-primary-targets") && s.status() == StepStatus.FAILED));
    run.resolveStep(
        new StepResolutionRequest("check-primary-targets", Action.ABORT, APPROVER, "not yet"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(zone.record.get()).isEqualTo(Failovers.standbyTarget(Fixtures.profile()));
    assertThat(zone.upserts).isZero();
    verify(changes, never())
        .scaleService(new ScaleServiceCommand(ServiceRef.standby(Fixtures.profile()), 0));
  }

  @Test
  void nameAlreadyHome_switchesNothing() {
    zone.record.set(Failovers.home(Fixtures.profile()));

    RegionFailoverResult result = start().run(request());

    assertThat(result.outcome()).isEqualTo(Outcome.ALREADY_ON_PRIMARY);
    verify(changes, never()).startService(any());
    assertThat(zone.upserts).isZero();
  }

  private static RegionFailoverRequest request() {
    return new RegionFailoverRequest(SERVICE, false, "INC-9", "tester", null, "primary back");
  }

  private FailbackWorkflow start() {
    return client.newWorkflowStub(
        FailbackWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
  }

  private FailbackWorkflow begin() {
    FailbackWorkflow run = start();
    WorkflowClient.start(run::run, request());
    return run;
  }
}
