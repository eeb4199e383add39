package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.restore.DataRestoreRequest;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.StepKind;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two recoveries of one service never change it at the same time, whatever the procedures: every
 * run that changes the service is named after the resource it protects, so the server itself
 * refuses a second one, started the way {@code runbook start} starts them (the FAIL id-conflict
 * policy). A run started under another name refuses itself before its first call; a dry run, which
 * changes nothing, runs alongside. The sandbox's journal shows who changed what.
 */
@Execution(ExecutionMode.CONCURRENT)
class OneRecoveryAtATimeTest {

  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;

  @TempDir Path reports;
  private SandboxRuns runs;
  private WorkflowClient client;
  private SandboxWorld world;
  private int seeded;

  @BeforeEach
  void setUp() {
    runs = SandboxRuns.start(reports);
    client = runs.client();
    world = runs.sandbox();
    seeded = world.mutations().size();
  }

  @AfterEach
  void tearDown() {
    runs.env().close();
  }

  /**
   * While a rollback is changing the service, a failover, a restore, a failback and a second
   * rollback are all refused by the server, and one started under a name of its own refuses itself
   * having changed nothing; a dry-run failover runs alongside. Once the rollback is done, the
   * failover may start.
   */
  @Test
  void whileARollbackChangesTheService_everyOtherRecoveryIsRefused() throws Exception {
    world.breakWithBadDeployment(PRIMARY, "gitee-notion-sync-task");
    WorkflowStub rollback = startLikeTheCli(ProcedureCatalog.APP_ROLLBACK, rollback("INC-1"));
    approveWhenAsked(rollback);
    // The rollback's change is under way: ECS is replacing the tasks.
    await(rollback, p -> world.mutations().size() > seeded);

    for (Procedure p :
        List.of(
            ProcedureCatalog.REGION_FAILOVER,
            ProcedureCatalog.DATA_RESTORE,
            ProcedureCatalog.FAILBACK,
            ProcedureCatalog.APP_ROLLBACK)) {
      assertThatThrownBy(() -> startLikeTheCli(p, requestFor(p, false)))
          .as(p.name())
          .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    }
    // From the Temporal UI with an id of one's own: the run refuses itself.
    WorkflowStub ownName =
        start(ProcedureCatalog.REGION_FAILOVER, failover(false), "my-own-failover", false);
    assertThatThrownBy(() -> ownName.getResult(Object.class))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_INPUT);
              assertThat(f.getOriginalMessage())
                  .contains("must be started with workflow id '" + Procedure.lockId(PRIMARY));
            });
    // A dry run changes nothing and holds nothing: it runs to its end beside the rollback.
    WorkflowStub dryRun = startLikeTheCli(ProcedureCatalog.REGION_FAILOVER, failover(true));
    assertThat(dryRun.getExecution().getWorkflowId()).isNotEqualTo(Procedure.lockId(PRIMARY));
    RunbookProgress rehearsed = await(dryRun, p -> p.status().finished());
    assertThat(rehearsed.status()).as(rehearsed.outcome()).isEqualTo(RunStatus.COMPLETED);

    RunbookProgress rolledBack = await(rollback, p -> p.status().finished());
    assertThat(rolledBack.status()).as(rolledBack.outcome()).isEqualTo(RunStatus.COMPLETED);
    // Every change so far is the rollback's: the refused, self-refused and dry runs made none.
    assertThat(changes())
        .noneMatch(m -> m.contains("sandbox-standby") || m.startsWith("route53"))
        .noneMatch(m -> m.startsWith("rds"))
        .filteredOn(m -> m.startsWith("ecs update"))
        .singleElement()
        .asString()
        .contains("sandbox-primary");

    // The resource is free again once the run has closed on the server (its checklist says
    // COMPLETED a moment before, while its last notifications drain): the next recovery starts.
    rollback.getResult(Object.class);
    world.regionOutage(PRIMARY.region());
    WorkflowStub failover = startLikeTheCli(ProcedureCatalog.REGION_FAILOVER, failover(false));
    approveWhenAsked(failover);
    RunbookProgress failedOver = await(failover, p -> p.status().finished());
    assertThat(failedOver.status()).as(failedOver.outcome()).isEqualTo(RunStatus.COMPLETED);
    assertThat(changes()).anySatisfy(m -> assertThat(m).startsWith("route53 change"));
  }

  /**
   * Eight commanders press start at the same moment, for four different procedures: exactly one run
   * is accepted, the seven others are refused, and only the one accepted ever runs.
   */
  @Test
  void eightStartsAtTheSameMoment_exactlyOneRuns() throws Exception {
    List<Procedure> procedures =
        List.of(
            ProcedureCatalog.APP_ROLLBACK,
            ProcedureCatalog.REGION_FAILOVER,
            ProcedureCatalog.DATA_RESTORE,
            ProcedureCatalog.FAILBACK);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService commanders = Executors.newFixedThreadPool(8);
    List<Future<String>> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Procedure p = procedures.get(i % procedures.size());
      starts.add(
          commanders.submit(
              () -> {
                go.await();
                try {
                  return startLikeTheCli(p, requestFor(p, false)).getExecution().getRunId();
                } catch (WorkflowExecutionAlreadyStarted refused) {
                  return null;
                }
              }));
    }
    go.countDown();
    List<String> accepted = new ArrayList<>();
    for (Future<String> f : starts) {
      String runId = f.get();
      if (runId != null) {
        accepted.add(runId);
      }
    }
    commanders.shutdown();

    assertThat(accepted).as("runs accepted").hasSize(1);
    WorkflowStub winner = client.newUntypedWorkflowStub(Procedure.lockId(PRIMARY));
    assertThat(winner.describe().getExecution().getRunId()).isEqualTo(accepted.get(0));
    // It runs to its first gate, and what it does while the gate waits (a failover starts the
    // standby), or to its end (a failback with nothing to fail back from). The test server loses a
    // workflow task that cancels an activity finishing at that moment, so the cancel comes after.
    RunbookProgress first =
        await(
            winner,
            p ->
                p.status().finished()
                    || (p.status() == RunStatus.WAITING_FOR_APPROVAL
                        && p.steps().stream().noneMatch(s -> s.status() == StepStatus.RUNNING)));
    if (!first.status().finished()) {
      winner.cancel();
      assertThat(await(winner, p -> p.status().finished()).status()).isEqualTo(RunStatus.CANCELED);
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private List<String> changes() {
    List<String> all = world.mutations();
    return all.subList(seeded, all.size());
  }

  /** As {@code runbook start} does: the procedure's own id, and FAIL if it is taken. */
  private WorkflowStub startLikeTheCli(Procedure procedure, RunbookRequest request) {
    String id = procedure.workflowId(request, PRIMARY, Long.toHexString(System.nanoTime()));
    return start(procedure, request, id, true);
  }

  private WorkflowStub start(
      Procedure procedure, RunbookRequest request, String id, boolean failIfTaken) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(SandboxRuns.QUEUE);
    if (failIfTaken) {
      options.setWorkflowIdConflictPolicy(
          WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
    }
    WorkflowStub stub = client.newUntypedWorkflowStub(procedure.workflowType(), options.build());
    stub.start(request);
    return stub;
  }

  private static RunbookRequest requestFor(Procedure p, boolean dryRun) {
    return switch (p.name()) {
      case "app-rollback" -> rollback("INC-race");
      case "data-restore" ->
          new DataRestoreRequest("sandbox", dryRun, "INC-race", "test", null, "race", null, null);
      default -> failover(dryRun);
    };
  }

  private static AppRollbackRequest rollback(String incident) {
    return new AppRollbackRequest(
        "sandbox", null, null, false, incident, AppRollbackRequest.MANUAL, "test");
  }

  private static RegionFailoverRequest failover(boolean dryRun) {
    return new RegionFailoverRequest("sandbox", dryRun, "INC-2", "test", null, "region outage");
  }

  /** Approves every gate of the run as it opens, from a thread of its own. */
  private void approveWhenAsked(WorkflowStub run) {
    Thread approver =
        new Thread(
            () -> {
              try {
                await(
                    run,
                    p -> {
                      for (StepView s : p.steps()) {
                        if (s.kind() == StepKind.GATE
                            && s.status() == StepStatus.WAITING_FOR_APPROVAL) {
                          run.update(
                              "approve",
                              Object.class,
                              new ApprovalRequest(
                                  s.id(),
                                  "demo-commander",
                                  ApprovalRequest.Decision.APPROVE,
                                  "go"));
                        }
                      }
                      return p.status().finished();
                    });
              } catch (Exception | AssertionError e) {
                // the test's own waits report what did not happen
              }
            },
            "approver");
    approver.setDaemon(true);
    approver.start();
  }

  private static RunbookProgress await(WorkflowStub run, Predicate<RunbookProgress> until)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      RunbookProgress p = run.query("progress", RunbookProgress.class);
      if (until.test(p)) {
        return p;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "not reached: "
                + p.status()
                + " "
                + p.steps().stream().map(s -> s.id() + "=" + s.status()).toList());
      }
      Thread.sleep(100);
    }
  }
}
