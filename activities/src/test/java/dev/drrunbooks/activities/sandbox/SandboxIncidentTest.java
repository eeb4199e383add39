package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.incident.DecideRequest;
import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.incident.NoteRequest;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookWorkflow;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Plan 5.1 against the simulation, one incident per simulated fault, on a real (scaled-down) clock:
 * the assessment reads the sandbox as it is, the classification follows, the commander decides, the
 * recovery and the validation run, and the report lands in the report folder.
 */
@Execution(ExecutionMode.CONCURRENT)
class SandboxIncidentTest {

  private static final String QUEUE = SandboxRuns.QUEUE;
  private static final String FAMILY = "gitee-notion-sync-task";
  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;
  private static final String ID = Procedure.incidentId(PRIMARY);
  private static final String COMMANDER = "demo-commander";

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

  /** Plan 3.1: a bad release is an application failure; the rollback recovers it. */
  @Test
  void badRelease_isClassifiedApplication_andRecoveredByRollback() throws Exception {
    sandbox.breakWithBadDeployment(PRIMARY, FAMILY);
    IncidentResponseWorkflow incident = open("5xx on the sync API");
    RunbookProgress waiting = await(incident, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting, "classify").detail()).startsWith("APPLICATION SEV1 -> app-rollback");

    incident.approve(new ApprovalRequest("decide", COMMANDER, null, "roll it back"));
    AppRollbackWorkflow rollback =
        client.newWorkflowStub(AppRollbackWorkflow.class, Procedure.lockId(PRIMARY));
    await(rollback, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    rollback.approve(new ApprovalRequest("approve-rollback", COMMANDER, null, "drill"));
    IncidentReport report = WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);

    assertThat(report.status()).as(report.oneLine()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.recoveries().get(0).outcome()).startsWith("ROLLED_BACK 42 -> 41");
    assertThat(report.withinRto()).isTrue();
    assertStored(report);
  }

  /** Plan 3.3: the region does not answer: infrastructure; the failover recovers it. */
  @Test
  void regionOutage_isClassifiedInfrastructure_andRecoveredByFailover() throws Exception {
    sandbox.regionOutage(PRIMARY.region());
    IncidentResponseWorkflow incident = open("nothing answers in the primary region");
    RunbookProgress waiting = await(incident, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting, "classify").detail())
        .startsWith("INFRASTRUCTURE SEV1 -> region-failover");
    assertThat(step(waiting, "assess-ecs").detail()).contains("did not answer: connect timed out");

    incident.decide(new DecideRequest("region-failover", COMMANDER, "region down"));
    RunbookWorkflow failover =
        client.newWorkflowStub(
            dev.drrunbooks.failover.RegionFailoverWorkflow.class, Procedure.lockId(PRIMARY));
    for (String gate : new String[] {"approve-failover", "approve-promote-replica"}) {
      await(
          failover,
          p ->
              p.steps().stream()
                  .anyMatch(
                      s -> s.id().equals(gate) && s.status() == StepStatus.WAITING_FOR_APPROVAL));
      failover.approve(new ApprovalRequest(gate, COMMANDER, null, "drill"));
    }
    IncidentReport report = WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);

    assertThat(report.status()).as(report.oneLine()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.recoveries().get(0).outcome()).startsWith("FAILED_OVER");
    assertThat(report.approvals())
        .extracting(a -> a.gate())
        .containsExactly("decide", "approve-failover", "approve-promote-replica");
    assertStored(report);
  }

  /**
   * Plan 3.2: the database times out while the application answers: a database failure, for which
   * no procedure exists yet. The commander fixes it by hand, records the cause, decides {@code
   * none}; validation proves the sync runs again.
   */
  @Test
  void databaseOutage_proposesDataRestore_butTheCommanderMayFixItByHand() throws Exception {
    sandbox.databaseOutage();
    IncidentResponseWorkflow incident = open("issues stopped reaching Notion");
    RunbookProgress waiting = await(incident, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting, "classify").detail()).startsWith("DATABASE SEV2 -> data-restore");
    assertThat(step(waiting, "assess-database").detail())
        .contains("unreachable: connect timed out");

    sandbox.databaseRecovered();
    incident.addNote(
        new NoteRequest(
            COMMANDER,
            "the database's security group lost the service's rule",
            NoteRequest.Kind.CAUSE,
            null));
    incident.decide(new DecideRequest("none", COMMANDER, "security group rule restored by hand"));
    IncidentReport report = WorkflowStub.fromTyped(incident).getResult(IncidentReport.class);

    assertThat(report.status()).as(report.oneLine()).isEqualTo(IncidentReport.RESOLVED);
    assertThat(report.recoveries()).isEmpty();
    assertThat(report.validation()).startsWith("PASS");
    assertThat(markdown(report))
        .contains("## Cause analysis\n\n- the database's security group lost the service's rule");
    assertStored(report);
  }

  private IncidentResponseWorkflow open(String reason) {
    IncidentResponseWorkflow stub =
        client.newWorkflowStub(
            IncidentResponseWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
    IncidentRequest request = IncidentRequest.manual("sandbox", reason, "drill");
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(stub::run, request);
    batch.add(stub::alert, request);
    client.signalWithStart(batch);
    return stub;
  }

  private void assertStored(IncidentReport report) throws Exception {
    assertThat(report.stored()).hasSize(2);
    String md = Files.readString(Path.of(report.stored().get(0)));
    assertThat(md).contains("# Incident " + report.incidentId()).contains("## Timeline");
    assertThat(Path.of(report.stored().get(1))).exists();
  }

  private static String markdown(IncidentReport report) {
    return dev.drrunbooks.incident.IncidentReportMarkdown.render(report);
  }

  private static RunbookProgress await(RunbookWorkflow run, Predicate<RunbookProgress> until)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    RunbookProgress last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = run.progress();
        if (until.test(last)) {
          return last;
        }
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        // the child has not started yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("progress never matched; last: " + last);
  }

  private static StepView step(RunbookProgress p, String id) {
    return p.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
