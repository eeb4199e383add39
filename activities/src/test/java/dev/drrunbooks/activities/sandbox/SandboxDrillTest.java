package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.drill.Criterion;
import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.drill.DrillReportMarkdown;
import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.drill.DrillWorkflow;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.runbook.CancelRequest;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.sandbox.SandboxState;
import dev.drrunbooks.sandbox.SandboxStateQuery;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The plan's drills (section 6) in simulation, each scenario end to end on a real (scaled-down)
 * clock: the fault is injected, the initial response recognises and recovers it with the
 * participant deciding, the sandbox is put back and proven back, and the report says so.
 */
@Execution(ExecutionMode.CONCURRENT)
class SandboxDrillTest {

  private static final String QUEUE = SandboxRuns.QUEUE;
  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;
  private static final SandboxStateQuery STATE =
      new SandboxStateQuery(
          PRIMARY,
          new ServiceRef(
              Target.SANDBOX,
              "sandbox-standby",
              "gitee-notion-sync-cluster",
              "gitee-notion-sync-service"),
          "gitee-notion-sync-task",
          "ZSANDBOX",
          "sync.sandbox.invalid",
          "standby-lb.sandbox.invalid");

  @TempDir Path reports;
  private TestWorkflowEnvironment env;
  private SandboxWorld sandbox;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    SandboxRuns runs = SandboxRuns.start(reports);
    env = runs.env();
    sandbox = runs.sandbox();
    client = runs.client();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void appFailure_isRecognisedRolledBackAndRestored() throws Exception {
    DrillReport report = drill("app-failure");
    dev.drrunbooks.testing.HistoryRecorder.record(
        client, "drill/app-failure", "drill", "drill-app-failure");

    assertThat(report.passed()).as(DrillReportMarkdown.render(report)).isTrue();
    assertThat(report.classified()).isEqualTo("APPLICATION SEV1");
    assertThat(report.recovery()).isEqualTo("app-rollback COMPLETED");
    assertThat(report.stepSeconds())
        .containsKeys("assess-traffic", "decide", "recover-1-app-rollback", "validate");
    assertThat(report.waitSeconds()).containsKey("decide");
    assertNormal();
    // The participants heard of each gate from the runs below (gateWaiting signals) rather than
    // asking every 2 s: one look at the start, then one a minute at most. A quiet minute costs
    // about 8 events, so a drill of a 30-minute RTO (bounded at 60 minutes) stays near 600.
    var history = client.fetchHistory("drill/app-failure").getEvents();
    long looks =
        history.stream()
            .filter(e -> e.hasActivityTaskScheduledEventAttributes())
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("WaitingGates"))
            .count();
    assertThat(looks).as("looks for gates").isLessThanOrEqualTo(2);
    assertThat(history.stream().filter(e -> e.hasWorkflowExecutionSignaledEventAttributes()))
        .as("gates heard from below")
        .isNotEmpty();
    String md = Files.readString(Path.of(report.stored().get(0)));
    assertThat(md).contains("| plan RTO | <= 30m00s |").contains("| target restored |");
    System.out.println("drill app-failure: " + report.oneLine());
  }

  @Test
  void dbConnectionLoss_isRecoveredByDataRestoreAndRestored() throws Exception {
    DrillReport report = drill("db-connection-loss");

    assertThat(report.passed()).as(DrillReportMarkdown.render(report)).isTrue();
    assertThat(report.classified()).isEqualTo("DATABASE SEV2");
    assertThat(report.recovery()).isEqualTo("data-restore COMPLETED");
    assertNormal();
    System.out.println("drill db-connection-loss: " + report.oneLine());
  }

  @Test
  void networkOutage_isRecognisedFailedOverAndRestored() throws Exception {
    DrillReport report = drill("network-outage");

    assertThat(report.passed()).as(DrillReportMarkdown.render(report)).isTrue();
    assertThat(report.classified()).isEqualTo("INFRASTRUCTURE SEV1");
    assertThat(report.recovery()).isEqualTo("region-failover COMPLETED");
    assertThat(report.criteria()).extracting(Criterion::name).contains("target restored");
    assertNormal();
    System.out.println("drill network-outage: " + report.oneLine());
  }

  /** Canceled mid-way: the incident is canceled too, and the sandbox is reset all the same. */
  @Test
  void drillCanceledMidway_stillLeavesTheSandboxAsItWas() throws Exception {
    DrillWorkflow run = start("app-failure");
    long deadline = System.currentTimeMillis() + 30_000;
    while (run.progress().steps().stream()
            .noneMatch(s -> s.id().equals("respond") && s.status() == StepStatus.RUNNING)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    // The fault is in (the participants may already be rolling it back: they answer each gate the
    // moment it opens, so the revision itself is no longer a fixed point to look at).
    assertThat(run.progress().step("inject-fault").status()).isEqualTo(StepStatus.DONE);
    // Cancel while the rollback waits for ECS and the drill itself waits for news: the Java test
    // server loses a workflow task that cancels an activity finishing at that very moment (an
    // approval the participants send the instant a gate opens), and the drill then hangs.
    var recovery =
        client.newWorkflowStub(
            dev.drrunbooks.rollback.AppRollbackWorkflow.class,
            dev.drrunbooks.runbook.Procedure.lockId(PRIMARY));
    while (System.currentTimeMillis() < deadline) {
      try {
        if (recovery.progress().steps().stream()
            .anyMatch(
                s -> s.id().equals("wait-steady-state") && s.status() == StepStatus.RUNNING)) {
          break;
        }
      } catch (RuntimeException notYet) {
        // the incident has not started its recovery yet
      }
      Thread.sleep(50);
    }

    run.cancelReason(new CancelRequest("demo-commander", "drill interrupted", null, null));
    WorkflowStub.fromTyped(run).cancel();
    deadline = System.currentTimeMillis() + 30_000;
    while (run.progress().status() != RunStatus.CANCELED && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }

    assertThat(run.progress().status()).isEqualTo(RunStatus.CANCELED);
    assertThat(run.progress().outcome())
        .contains("Put the sandbox back as the drill found it (done)");
    assertNormal();
  }

  /**
   * A drill right after a practice rollback finds the sandbox on another revision, with a revision
   * tagged known-bad: it puts back exactly that, not the factory state, and passes (it stopped at
   * "prove the target is as it was" while the reset went to the factory revision).
   */
  @Test
  void drillAfterAPracticeRollback_putsBackTheRevisionAndTagsItFound() throws Exception {
    SandboxState practised = new SandboxState(40, 2, 0, false, false, false, 1, List.of(39));
    sandbox.restore(PRIMARY, "gitee-notion-sync-task", practised);
    assertThat(sandbox.state(STATE).knownBad()).containsExactly(39);

    DrillReport report = drill("app-failure");

    assertThat(report.passed()).as(report.oneLine()).isTrue();
    SandboxState after = sandbox.state(STATE);
    assertThat(after.primaryRevision()).isEqualTo(40);
    assertThat(after.primaryDesired()).isEqualTo(2);
    assertThat(after.knownBad()).containsExactly(39);
  }

  private DrillReport drill(String scenario) {
    return WorkflowStub.fromTyped(start(scenario)).getResult(DrillReport.class);
  }

  private DrillWorkflow start(String scenario) {
    DrillWorkflow run =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId("drill/" + scenario)
                .build());
    WorkflowClient.start(
        run::run,
        new DrillRequest(
            "sandbox", scenario, null, List.of("demo-commander"), "test", null, false));
    return run;
  }

  private void assertNormal() {
    SandboxState s = sandbox.state(STATE);
    assertThat(s.primaryRevision()).isEqualTo(SandboxWorld.GOOD_REVISION);
    assertThat(s.regionOutage()).isFalse();
    assertThat(s.databaseOutage()).isFalse();
    assertThat(s.nameOnStandby()).isFalse();
    assertThat(s.standbyDesired()).isZero();
    assertThat(s.knownBadRevisions()).isZero();
  }
}
