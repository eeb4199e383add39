package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.starter.ExitCode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run whose workflow code fails at every attempt (a bug the runbook's own guard did not catch, or
 * a worker deployed with code that no longer matches the run) answers nothing: no update, no query,
 * no cancel. Every command that talks to it says so within seconds, with the failure and the one
 * way out, instead of hanging for minutes or blaming a worker that is alive; once it is terminated,
 * {@code status} says who and why in one line, not a stack trace.
 */
class StuckRunCommandsTest {

  private static final String QUEUE = "stuck-run-test";
  private static final String ID = "recovery/sandbox/stuck";
  private static EmbeddedTemporal server;
  private static WorkflowServiceStubs service;
  private static WorkerFactory workers;

  @BeforeAll
  static void start() {
    server = EmbeddedTemporal.start(EmbeddedTemporal.freePort(), "default", QUEUE);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    workers = WorkerFactory.newInstance(client);
    workers.newWorker(QUEUE).registerWorkflowImplementationTypes(BrokenRunImpl.class);
    workers.start();
    BrokenRun run =
        client.newWorkflowStub(
            BrokenRun.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
    WorkflowClient.start(run::run, "sandbox");
  }

  @AfterAll
  static void stop() {
    workers.shutdownNow();
    service.shutdownNow();
    server.close();
  }

  @Test
  void runWhoseCodeFailsAtEveryAttempt_isSaidByEveryCommand_andTerminateEndsItVisibly() {
    CliRun approve = cli("approve", ID, "--as", "ops-lead");
    assertThat(approve.exit()).as(approve.out()).isEqualTo(ExitCode.NOT_TAKEN);
    assertThat(approve.out())
        .contains("the approve update was not taken")
        .contains("workflow code has failed at every attempt since")
        .contains("IllegalStateException: a bug the runbook did not expect")
        .contains("./runbook terminate " + ID);

    CliRun step = cli("step", ID, "skip", "--as", "ops-lead", "--comment", "checked");
    assertThat(step.exit()).as(step.out()).isEqualTo(ExitCode.NOT_TAKEN);
    assertThat(step.out()).contains("the resolveStep update was not taken");

    CliRun status = cli("status", ID);
    assertThat(status.exit()).as(status.out()).isEqualTo(ExitCode.NOT_TAKEN);
    assertThat(status.out())
        .contains("workflow code has failed at every attempt")
        .doesNotContain("no worker");

    CliRun cancel = cli("cancel", ID, "--as", "ops-lead", "--reason", "stuck");
    assertThat(cancel.exit()).as(cancel.out()).isEqualTo(ExitCode.NOT_TAKEN);
    assertThat(cancel.out()).contains("the cancel was not taken");

    CliRun terminate =
        cli("terminate", ID, "--as", "ops-lead", "--reason", "its code fails", "--force");
    assertThat(terminate.exit()).as(terminate.out()).isZero();

    CliRun ended = cli("status", ID);
    assertThat(ended.exit()).as(ended.out()).isEqualTo(ExitCode.RUN_FAILED);
    assertThat(ended.out())
        .contains("TERMINATED at")
        .contains("terminated by ops-lead")
        .contains("its code fails")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(ended.out().lines().filter(l -> !l.isBlank())).hasSizeLessThan(4);
  }

  private static CliRun cli(String... args) {
    return CliRun.of(server.address(), QUEUE, args);
  }

  /** Looks like a runbook run to the CLI: its query and its updates, by their names. */
  @WorkflowInterface
  public interface BrokenRun {
    @WorkflowMethod(name = "AppRollback")
    String run(String service);

    @QueryMethod
    RunbookProgress progress();

    @UpdateMethod
    String approve(Object request);

    @UpdateMethod
    String resolveStep(Object request);

    @SignalMethod
    void cancelReason(Object request);
  }

  public static class BrokenRunImpl implements BrokenRun {
    @Override
    public String run(String service) {
      throw new IllegalStateException("a bug the runbook did not expect");
    }

    @Override
    public RunbookProgress progress() {
      return null;
    }

    @Override
    public String approve(Object request) {
      return "taken";
    }

    @Override
    public String resolveStep(Object request) {
      return "taken";
    }

    @Override
    public void cancelReason(Object request) {}
  }
}
