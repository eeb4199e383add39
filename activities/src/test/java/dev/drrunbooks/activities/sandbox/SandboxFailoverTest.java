package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.failover.RegionFailoverResult;
import dev.drrunbooks.failover.RegionFailoverWorkflow;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.service.DnsTarget;
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

/**
 * Plan 3.3 against the simulation, on a real (scaled-down) clock: the primary region stops
 * answering, the standby starts while the gate waits, the public name moves, and a validation
 * afterwards finds the service healthy and Notion catching up from the standby. No AWS, no network.
 */
@Execution(ExecutionMode.CONCURRENT)
class SandboxFailoverTest {

  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;

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

  @Test
  void regionOutage_failedOverToTheStandbyAndValidated_thenFailedBackHome()
      throws InterruptedException {
    sandbox.regionOutage(PRIMARY.region());
    RegionFailoverWorkflow run =
        env.getWorkflowClient()
            .newWorkflowStub(
                RegionFailoverWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(Procedure.lockId(PRIMARY))
                    .setTaskQueue(SandboxRuns.QUEUE)
                    .build());
    WorkflowClient.start(
        run::run,
        new RegionFailoverRequest("sandbox", false, "DRILL-3", "test", null, "region outage"));
    long deadline = System.currentTimeMillis() + 20_000;
    while (!(run.progress().status() == RunStatus.WAITING_FOR_APPROVAL
            && run.progress().steps().stream()
                .anyMatch(
                    s ->
                        s.id().equals("start-standby")
                            && s.status() == dev.drrunbooks.runbook.StepStatus.DONE))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    run.approve(new ApprovalRequest("approve-failover", "demo-commander", null, "drill"));
    deadline = System.currentTimeMillis() + 20_000;
    while (!run.progress().steps().stream()
            .anyMatch(
                s ->
                    s.id().equals("approve-promote-replica")
                        && s.status() == dev.drrunbooks.runbook.StepStatus.WAITING_FOR_APPROVAL)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    run.approve(new ApprovalRequest("approve-promote-replica", "demo-commander", null, "drill"));
    RegionFailoverResult result = WorkflowStub.fromTyped(run).getResult(RegionFailoverResult.class);

    assertThat(result.outcome()).isEqualTo(RegionFailoverResult.Outcome.FAILED_OVER);
    assertThat(result.dnsAfter()).contains("standby-lb.sandbox.invalid");
    assertThat(sandbox.network().readRecord("ZSANDBOX", "sync.sandbox.invalid"))
        .isEqualTo(DnsTarget.cname("standby-lb.sandbox.invalid", 60));
    assertThat(result.standbyReadyBeforeApprovalSeconds()).isGreaterThanOrEqualTo(0);
    assertThat(awsClientsBuilt).hasValue(0);
    assertThat(
            result.steps().stream()
                .filter(s -> s.id().equals("promote-replica"))
                .findFirst()
                .orElseThrow()
                .detail())
        .contains("available, standalone (promoted)");

    // The failover's own Validation child looked at the standby the name now points at: the data
    // checks and the canary pass (the sync runs again from the standby).
    assertThat(result.validation()).as(result.validation()).doesNotContain("fail (");
    assertThat(result.measuredRpoSeconds()).isLessThanOrEqualTo(15);

    // The primary region answers again. The failover promoted the replica, so every write since
    // is in the standby region: a failback refuses to move users back before the data is home,
    // changing nothing and saying how.
    sandbox.regionRecovered(PRIMARY.region());
    dev.drrunbooks.failover.FailbackWorkflow early = failback();
    WorkflowClient.start(
        early::run,
        new RegionFailoverRequest("sandbox", false, "DRILL-3", "test", null, "primary back"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WorkflowStub.fromTyped(early).getResult(RegionFailoverResult.class))
        .rootCause()
        .hasMessageContaining("was promoted during the failover")
        .hasMessageContaining("would lose them")
        .hasMessageContaining("--data-brought-home");
    assertThat(early.progress().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(sandbox.network().readRecord("ZSANDBOX", "sync.sandbox.invalid"))
        .isEqualTo(DnsTarget.cname("standby-lb.sandbox.invalid", 60));

    // Once the data is home (by hand, as the refusal says), the failback goes through.
    dev.drrunbooks.failover.FailbackWorkflow back = failback();
    WorkflowClient.start(
        back::run,
        new RegionFailoverRequest(
            "sandbox", false, "DRILL-3", "test", null, "primary back, data home", true));
    deadline = System.currentTimeMillis() + 20_000;
    while (back.progress().status() != RunStatus.WAITING_FOR_APPROVAL
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    back.approve(new ApprovalRequest("approve-failback", "demo-commander", null, "drill"));
    RegionFailoverResult home = WorkflowStub.fromTyped(back).getResult(RegionFailoverResult.class);

    assertThat(home.outcome()).isEqualTo(RegionFailoverResult.Outcome.FAILED_BACK);
    assertThat(sandbox.network().readRecord("ZSANDBOX", "sync.sandbox.invalid"))
        .isEqualTo(DnsTarget.cname("primary-lb.sandbox.invalid", 60));
    assertThat(
            sandbox
                .ecs()
                .describeService(
                    new ServiceRef(
                        Target.SANDBOX,
                        "sandbox-standby",
                        "gitee-notion-sync-cluster",
                        "gitee-notion-sync-service"))
                .desiredCount())
        .isZero();
  }

  /** A failback as the CLI starts it: the resource's own id, on the sandbox's task queue. */
  private dev.drrunbooks.failover.FailbackWorkflow failback() {
    return env.getWorkflowClient()
        .newWorkflowStub(
            dev.drrunbooks.failover.FailbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(Procedure.lockId(PRIMARY))
                .setTaskQueue(SandboxRuns.QUEUE)
                .build());
  }
}
