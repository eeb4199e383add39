package dev.drrunbooks.drill;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.incident.IncidentReports;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.incident.IncidentResponseWorkflowImpl;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.sandbox.SandboxActivities;
import dev.drrunbooks.sandbox.SandboxState;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.testing.Fixtures;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A drill's history stays bounded however long its incident waits. The worst case: a drill of a
 * 30-minute RTO whose incident is never decided (the participants' approvals go nowhere), so the
 * drill waits its whole bound of twice the RTO, looking for gates once a minute, then cancels the
 * incident. On a time-skipping server: the hour passes in seconds.
 */
class DrillHistoryBoundTest {

  private static final String QUEUE = "drill-history-test";
  private static final int MAX_EVENTS = 2_000;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        DrillWorkflowImpl.class, IncidentResponseWorkflowImpl.class);
    ProfileActivities profiles = mock(ProfileActivities.class, withSettings().withoutAnnotations());
    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.profile());
    SandboxActivities sandbox = mock(SandboxActivities.class, withSettings().withoutAnnotations());
    when(sandbox.state(any()))
        .thenReturn(new SandboxState(41, 2, 0, false, false, false, 0, List.of()));
    when(sandbox.control(any(), any(), anyString())).thenReturn("done");
    String incident = Procedure.incidentId(ServiceRef.primary(Fixtures.profile()));
    DrillActivities participants = mock(DrillActivities.class, withSettings().withoutAnnotations());
    when(participants.waitingGates(any()))
        .thenReturn(List.of(new DrillActivities.WaitingGate(incident, "decide")));
    when(participants.approve(any())).thenReturn("the gate did not take it");
    ServiceChecks checks = mock(ServiceChecks.class, withSettings().withoutAnnotations());
    when(checks.describeService(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("timed out", "Unreachable"));
    when(checks.checkHealth(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("timed out", "Unreachable"));
    when(checks.recentErrors(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("timed out", "Unreachable"));
    DatabaseReplicas databases = mock(DatabaseReplicas.class, withSettings().withoutAnnotations());
    when(databases.probeDatabase(any()))
        .thenReturn(new DatabaseReach("sync-db.example.internal:5432", true, 3, "connected"));
    SyncChecks sync = mock(SyncChecks.class, withSettings().withoutAnnotations());
    Fixtures.syncInOrder(sync);
    NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
    when(notify.notify(any())).thenReturn(1);
    IncidentReports reports = mock(IncidentReports.class, withSettings().withoutAnnotations());
    when(reports.store(any())).thenReturn(List.of("reports/x.md"));
    DrillReports drillReports = mock(DrillReports.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(
        profiles, sandbox, participants, checks, databases, sync, notify, reports, drillReports);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void drillWhoseIncidentIsNeverDecided_waitsTwiceTheRto_inUnderTwoThousandEvents() {
    String id = "drill/history-bound";
    DrillWorkflow drill =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    long started = env.currentTimeMillis();

    assertThatThrownBy(
            () ->
                drill.run(
                    new DrillRequest(
                        SERVICE,
                        "app-failure",
                        DrillRequest.SIMULATION,
                        List.of(APPROVER),
                        APPROVER,
                        null,
                        false)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining(
            "not recovered within twice the RTO (60 min): the incident was canceled");

    assertThat(env.currentTimeMillis() - started)
        .as("the drill waited its whole bound")
        .isGreaterThanOrEqualTo(60 * 60_000L);
    int drillEvents = client.fetchHistory(id).getEvents().size();
    String incident = Procedure.incidentId(ServiceRef.primary(Fixtures.profile()));
    int incidentEvents = client.fetchHistory(incident).getEvents().size();
    System.out.printf("drill history: %d events; incident: %d%n", drillEvents, incidentEvents);
    assertThat(drillEvents).as("events in the drill's history").isLessThan(MAX_EVENTS);
    assertThat(incidentEvents).as("events in the incident's history").isLessThan(MAX_EVENTS);
    assertThat(client.newWorkflowStub(IncidentResponseWorkflow.class, incident).report().status())
        .isNotEqualTo("RESOLVED");
  }
}
