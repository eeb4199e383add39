package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackResult;
import dev.drrunbooks.rollback.AppRollbackResult.Outcome;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** AppRollback with the real activities against the sandbox: the whole 3.1 story, no AWS. */
@Execution(ExecutionMode.CONCURRENT)
class SandboxRollbackTest {

  private TestWorkflowEnvironment env;
  private SandboxWorld sandbox;
  @org.junit.jupiter.api.io.TempDir Path reports;
  private AtomicInteger awsClientsBuilt;

  @BeforeEach
  void setUp() {
    // Real clock: the sandbox's deployments take real (scaled-down) time.
    SandboxRuns runs = SandboxRuns.start(reports);
    env = runs.env();
    sandbox = runs.sandbox();
    awsClientsBuilt = runs.awsAsked();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /** Guards the sandbox promise: a run against a sandbox profile never builds an AWS client. */
  @Test
  void badDeployment_rolledBackInSandbox_withoutCallingAws() throws InterruptedException {
    ServiceRef ref = REF;
    sandbox.breakWithBadDeployment(ref, "gitee-notion-sync-task");
    assertThat(
            new ServiceChecksImpl(new Capabilities(sandbox.capabilities(), r -> null))
                .checkHealth(
                    new dev.drrunbooks.service.HealthQuery(
                        ref, "tg", "lb", "tg", "http://x/health", 5, 5))
                .healthy())
        .isFalse();

    AppRollbackResult result =
        rollBackApproved(
            new AppRollbackRequest("sandbox", null, null, false, null, "manual", "test"));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.fromRevision()).isEqualTo(SandboxWorld.BAD_REVISION);
    assertThat(result.toRevision()).isEqualTo(SandboxWorld.GOOD_REVISION);
    assertThat(result.healthy()).isTrue();
    assertThat(
            result.steps().stream()
                .filter(s -> s.id().equals("read-error-logs"))
                .findFirst()
                .orElseThrow()
                .detail())
        .contains("error events")
        .contains("NotionClient: 401");
    assertThat(sandbox.updateServiceCalls()).isEqualTo(1);
    assertThat(sandbox.ecs().taskDefinition(ref, "gitee-notion-sync-task", 42).tags())
        .containsEntry("dr-runbooks/known-bad", "true");
    assertThat(awsClientsBuilt).hasValue(0);
  }

  /**
   * Task list 1, gradual rollback, against the simulation: ECS starts one batch at a time (the
   * deployment's maximum percent), and each batch is a verified line of the checklist.
   */
  @Test
  void gradualRollback_inSandbox_replacesTasksBatchByBatch() throws InterruptedException {
    ServiceRef ref = REF;
    sandbox.breakWithBadDeployment(ref, "gitee-notion-sync-task");
    AppRollbackResult result =
        rollBackApproved(
            new AppRollbackRequest(
                "sandbox", null, null, false, null, "manual", "test", null, "gradual", null));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.steps())
        .filteredOn(s -> s.id().startsWith("rollout-batch-"))
        .extracting(s -> s.id() + ": " + s.detail())
        .containsExactly(
            "rollout-batch-1: 1 new tasks running, 1/2 targets healthy, health URL 200",
            "rollout-batch-2: 2 new tasks running, 2/2 targets healthy, health URL 200");
    assertThat(sandbox.updateServiceCalls()).isEqualTo(1);
  }

  private static final ServiceRef REF =
      new ServiceRef(
          dev.drrunbooks.profile.ServiceProfile.Target.SANDBOX,
          "sandbox-primary",
          "gitee-notion-sync-cluster",
          "gitee-notion-sync-service");

  /** Starts a rollback holding the sandbox service, approves its gate, and waits for the end. */
  private AppRollbackResult rollBackApproved(AppRollbackRequest request)
      throws InterruptedException {
    AppRollbackWorkflow run =
        env.getWorkflowClient()
            .newWorkflowStub(
                AppRollbackWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(dev.drrunbooks.runbook.Procedure.lockId(REF))
                    .setTaskQueue(SandboxRuns.QUEUE)
                    .build());
    WorkflowClient.start(run::run, request);
    long deadline = System.currentTimeMillis() + 10_000;
    while (run.progress().status() != RunStatus.WAITING_FOR_APPROVAL
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    run.approve(new ApprovalRequest("approve-rollback", "demo-commander", null, "sandbox test"));
    return WorkflowStub.fromTyped(run).getResult(AppRollbackResult.class);
  }
}
