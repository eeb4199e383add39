package dev.drrunbooks.restore;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.CONFIG_URI;
import static dev.drrunbooks.testing.Fixtures.ENV_URI;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.assertFails;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupSetSummary;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.BackupWrites;
import dev.drrunbooks.backup.FileTarget;
import dev.drrunbooks.backup.LiveCompare;
import dev.drrunbooks.backup.RestoreFilesCommand;
import dev.drrunbooks.backup.RevertFilesCommand;
import dev.drrunbooks.backup.SetCheck;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.CredentialQuery;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.PointInTimeRestoreCommand;
import dev.drrunbooks.service.PointServiceCommand;
import dev.drrunbooks.service.RedeployCommand;
import dev.drrunbooks.service.RestoredFile;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.SnapshotRestoreCommand;
import dev.drrunbooks.service.SnapshotState;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DataRestore on a time-skipping server with the S3, RDS and database activities mocked. Each
 * scenario is one of the plan's (3.2): the service's env file no longer matches its database, the
 * database itself is gone, a backup set is damaged; and what must never happen: a dry run or a
 * refused set that writes anything.
 */
class DataRestoreWorkflowTest {

  private static final String QUEUE = "data-restore-test";
  private static final String ID = Procedure.lockId(ServiceRef.primary(Fixtures.profile()));
  private static final String NEWEST = "20261121T030000Z";
  private static final String PREVIOUS = "20261121T020000Z";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Instant now;
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final BackupStore store = mock(BackupStore.class, withSettings().withoutAnnotations());
  private final BackupWrites writes = mock(BackupWrites.class, withSettings().withoutAnnotations());
  private final DatabaseChecks checks =
      mock(DatabaseChecks.class, withSettings().withoutAnnotations());
  private final DatabaseRestores restores =
      mock(DatabaseRestores.class, withSettings().withoutAnnotations());
  private final ServiceChecks service =
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
    worker.registerWorkflowImplementationTypes(DataRestoreWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        profiles, store, writes, checks, restores, service, changes, notify);
    env.start();
    client = env.getWorkflowClient();
    now = Instant.ofEpochMilli(env.currentTimeMillis());

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.withData());
    when(checks.checkConnection(any()))
        .thenReturn(
            new DatabaseReach(
                "sync-db.abc.ap-southeast-1.rds.amazonaws.com:5432", true, 3, "connected"));
    when(checks.describeInstance(argThat(q -> q != null && q.instanceId().equals("sync-db"))))
        .thenReturn(instance("sync-db", "available", now.minusSeconds(90)));
    when(store.serviceFiles(any())).thenReturn(Fixtures.serviceFiles());
    when(store.checkBucket(any())).thenReturn("versioning Enabled");
    when(store.listSets(any()))
        .thenReturn(
            List.of(
                new BackupSetSummary(NEWEST, now.minus(Duration.ofMinutes(20))),
                new BackupSetSummary(PREVIOUS, now.minus(Duration.ofMinutes(80)))));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(NEWEST))))
        .thenReturn(intact(NEWEST, now.minus(Duration.ofMinutes(20))));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(PREVIOUS))))
        .thenReturn(intact(PREVIOUS, now.minus(Duration.ofMinutes(80))));
    when(store.compareLive(any())).thenReturn(List.of());
    when(writes.restoreFiles(any()))
        .thenReturn(
            List.of(
                new RestoredFile("config", CONFIG_URI, false, null, "c1", "aa"),
                new RestoredFile("env", ENV_URI, true, "e7", "e8", "bb")));
    when(writes.revertFiles(any())).thenReturn(List.of("env -> e7"));
    when(changes.redeployService(any()))
        .thenReturn(new ServiceChange(true, "ecs-svc/1", "ecs-svc/2", "new deployment"));
    when(service.describeService(any()))
        .thenReturn(Fixtures.rollingOutTo(41, 41, 2), Fixtures.steadyOn(41, 2));
    when(service.checkHealth(any())).thenReturn(Fixtures.healthy(2));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * The plan's common case: the secret's credentials work, but the service's env file names an old
   * password. The files come back from the newest set, the service is redeployed and logs in; the
   * database is sound, so it is never restored.
   */
  @Test
  void wrongCredentialsInTheEnvFile_configRestoreFixesIt_andNoDatabaseRestore() {
    when(checks.verifyCredentials(any()))
        .thenReturn(
            credentials(List.of(), List.of("DB_PASSWORD")), credentials(List.of(), List.of()));

    DataRestoreResult result = start(request(false, null)).run(request(false, null));
    HistoryRecorder.record(client, ID, "data-restore", "data-restore-config");

    assertThat(result.outcome()).startsWith("RESTORED: files from set " + NEWEST);
    assertThat(result.diagnosis())
        .startsWith("service config broken, database sound")
        .contains("differs from the secret in DB_PASSWORD");
    assertThat(result.setId()).isEqualTo(NEWEST);
    assertThat(result.skippedSets()).isEmpty();
    assertThat(result.restoredInstance()).isNull();
    // The data is as old as the set it came from: 20 minutes.
    assertThat(result.dataTakenAt()).isEqualTo(now.minus(Duration.ofMinutes(20)));
    assertThat(result.achievedRpoSeconds()).isBetween(1200L, 1205L);
    verify(writes)
        .restoreFiles(
            new RestoreFilesCommand(
                setQuery(NEWEST),
                List.of(new FileTarget("config", CONFIG_URI), new FileTarget("env", ENV_URI))));
    verify(changes)
        .redeployService(new RedeployCommand(ServiceRef.primary(profile()), "ecs-svc/1"));
    // Both files compared with the manifest afterwards; the login repeated with the same secret.
    verify(store)
        .compareLive(
            new LiveCompare(
                setQuery(NEWEST),
                List.of(new FileTarget("config", CONFIG_URI), new FileTarget("env", ENV_URI))));
    verify(checks, times(2))
        .verifyCredentials(
            argThat((CredentialQuery q) -> q.database().secretArn().equals(Fixtures.SECRET_ARN)));
    verify(restores, never()).restoreToPointInTime(any());
    verify(restores, never()).pointServiceAt(any());
    verify(writes, never()).revertFiles(any());
    assertThat(step(result.steps(), "approve-database-restore").status())
        .isEqualTo(StepStatus.SKIPPED);
  }

  /**
   * The newest set's env object does not hash as its manifest says: it is skipped and the result
   * says so, and the files come from the set before it.
   */
  @Test
  void newestSetCorrupt_fallsBackToThePreviousSet_andReportsIt() {
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(NEWEST))))
        .thenReturn(
            new SetCheck(
                NEWEST,
                false,
                List.of("env: SHA-256 bb in the manifest, 9f stored"),
                manifest(NEWEST, now.minus(Duration.ofMinutes(20)))));
    when(checks.verifyCredentials(any()))
        .thenReturn(
            credentials(List.of(), List.of("DB_PASSWORD")), credentials(List.of(), List.of()));

    DataRestoreResult result = start(request(false, null)).run(request(false, null));

    assertThat(result.setId()).isEqualTo(PREVIOUS);
    assertThat(result.skippedSets())
        .containsExactly(NEWEST + ": env: SHA-256 bb in the manifest, 9f stored");
    assertThat(step(result.steps(), "find-verified-backup").detail())
        .contains("set " + PREVIOUS)
        .contains("skipped " + NEWEST);
    assertThat(result.achievedRpoSeconds()).isBetween(4800L, 4805L);
    verify(writes).restoreFiles(argThat(c -> c.set().setId().equals(PREVIOUS)));
    verify(writes, never()).restoreFiles(argThat(c -> c.set().setId().equals(NEWEST)));
  }

  /**
   * The instance answers logins but its tables are gone: the database is restored, after a person's
   * approval, into a new instance at the latest restorable time; the service is pointed at it,
   * redeployed, and logs in there. The data is as old as the restorable time.
   */
  @Test
  void databaseLost_gateThenPointInTimeRestore_intoANewInstance_andTheServicePointedAtIt() {
    when(checks.verifyCredentials(any()))
        .thenReturn(
            credentials(List.of("sync_state", "sync_cursor"), List.of()),
            credentials(List.of(), List.of()));
    when(writes.restoreFiles(any()))
        .thenReturn(
            List.of(
                new RestoredFile("config", CONFIG_URI, false, null, "c1", "aa"),
                new RestoredFile("env", ENV_URI, false, null, "e7", "bb")));
    when(restores.restoreToPointInTime(any()))
        .thenAnswer(
            call ->
                instance(
                    call.getArgument(0, PointInTimeRestoreCommand.class).targetInstanceId(),
                    "creating",
                    null));
    when(checks.describeInstance(argThat(q -> q != null && q.instanceId().startsWith("sync-db-r"))))
        .thenAnswer(
            new org.mockito.stubbing.Answer<InstanceState>() {
              int polls;

              @Override
              public InstanceState answer(org.mockito.invocation.InvocationOnMock call) {
                String id =
                    call.getArgument(0, dev.drrunbooks.service.InstanceQuery.class).instanceId();
                return ++polls < 3
                    ? instance(id, "creating", null)
                    : new InstanceState(
                        id, true, "available", id + ".abc.rds.amazonaws.com", 5432, null, true);
              }
            });
    when(restores.pointServiceAt(any()))
        .thenReturn(new RestoredFile("env", ENV_URI, true, "e7", "e9", "cc"));
    DataRestoreWorkflow run = begin(request(false, null));

    RunbookProgress waiting = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting.steps(), "approve-database-restore").detail())
        .contains("Restore sync-db to " + now.minusSeconds(90))
        .contains("into the new instance sync-db-r")
        .contains("database lost");
    verify(restores, never()).restoreToPointInTime(any());
    run.approve(
        new ApprovalRequest("approve-database-restore", APPROVER, Decision.APPROVE, "tables gone"));
    DataRestoreResult result = WorkflowStub.fromTyped(run).getResult(DataRestoreResult.class);
    HistoryRecorder.record(client, ID, "data-restore", "data-restore-database-lost");

    assertThat(result.outcome()).startsWith("RESTORED: database into sync-db-r");
    assertThat(result.diagnosis()).contains("the database is corrupt: tables missing");
    verify(restores, times(1))
        .restoreToPointInTime(
            argThat(
                (PointInTimeRestoreCommand c) ->
                    c.sourceInstanceId().equals("sync-db")
                        && c.targetInstanceId().matches("sync-db-r\\d{12}")
                        && c.restoreTime() == null));
    verify(restores)
        .pointServiceAt(
            argThat(
                (PointServiceCommand c) ->
                    c.envFileUri().equals(ENV_URI)
                        && c.hostVar().equals("DB_HOST")
                        && c.host().matches("sync-db-r\\d{12}\\.abc\\.rds\\.amazonaws\\.com")));
    // After the redeploy the login goes to the new instance; the env file is compared by login,
    // not by bytes (its host was rewritten on purpose).
    verify(checks)
        .verifyCredentials(argThat((CredentialQuery q) -> q.database().host().contains("-r")));
    verify(store)
        .compareLive(
            new LiveCompare(setQuery(NEWEST), List.of(new FileTarget("config", CONFIG_URI))));
    assertThat(result.dataTakenAt()).isEqualTo(now.minusSeconds(90));
    assertThat(result.achievedRpoSeconds()).isBetween(90L, 95L);
    assertThat(result.approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.approver()).isEqualTo(APPROVER));
  }

  /**
   * The instance is gone: no point-in-time restore is possible, so after the gate its newest
   * snapshot is restored into the new instance, and the data is as old as the snapshot.
   */
  @Test
  void instanceGone_newestSnapshotRestoredBehindTheGate() {
    when(checks.describeInstance(argThat(q -> q != null && q.instanceId().equals("sync-db"))))
        .thenReturn(new InstanceState("sync-db", false, null, null, null, null, false));
    when(checks.checkConnection(any()))
        .thenReturn(new DatabaseReach("sync-db:5432", false, 2, "host does not resolve (DNS)"));
    when(checks.verifyCredentials(any()))
        .thenReturn(
            new CredentialCheck(
                CredentialCheck.UNREACHABLE,
                "host does not resolve",
                2,
                List.of(),
                List.of(),
                null),
            credentials(List.of(), List.of()));
    when(checks.newestSnapshot(any()))
        .thenReturn(
            new SnapshotState(
                "rds:sync-db-2026-11-21-00-05",
                "sync-db",
                "available",
                "automated",
                now.minus(Duration.ofHours(6))));
    when(restores.restoreFromSnapshot(any()))
        .thenAnswer(
            call ->
                new InstanceState(
                    call.getArgument(0, SnapshotRestoreCommand.class).targetInstanceId(),
                    true,
                    "available",
                    "sync-db-new.abc.rds.amazonaws.com",
                    5432,
                    null,
                    true));
    when(checks.describeInstance(argThat(q -> q != null && q.instanceId().startsWith("sync-db-r"))))
        .thenAnswer(
            call ->
                new InstanceState(
                    call.getArgument(0, dev.drrunbooks.service.InstanceQuery.class).instanceId(),
                    true,
                    "available",
                    "sync-db-new.abc.rds.amazonaws.com",
                    5432,
                    null,
                    true));
    when(restores.pointServiceAt(any()))
        .thenReturn(new RestoredFile("env", ENV_URI, true, "e7", "e9", "cc"));
    DataRestoreWorkflow run = begin(request(false, null));

    RunbookProgress waiting = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(step(waiting.steps(), "approve-database-restore").detail())
        .contains("from its automated snapshot rds:sync-db-2026-11-21-00-05");
    run.approve(new ApprovalRequest("approve-database-restore", APPROVER, Decision.APPROVE, "go"));
    DataRestoreResult result = WorkflowStub.fromTyped(run).getResult(DataRestoreResult.class);
    HistoryRecorder.record(client, ID, "data-restore", "data-restore-from-snapshot");

    assertThat(result.diagnosis()).contains("the database instance is gone");
    verify(restores)
        .restoreFromSnapshot(
            argThat(
                (SnapshotRestoreCommand c) ->
                    c.snapshotId().equals("rds:sync-db-2026-11-21-00-05")
                        && c.targetInstanceId().matches("sync-db-r\\d{12}")));
    verify(restores, never()).restoreToPointInTime(any());
    assertThat(result.dataTakenAt()).isEqualTo(now.minus(Duration.ofHours(6)));
    assertThat(run.progress().outcome())
        .contains("data age 6h00m (RPO 5 min, MISSED: data written since then is lost)");
  }

  /** Gone, and RDS keeps no snapshot: the run says so and waits; nothing is restored. */
  @Test
  void instanceGone_noSnapshot_findSnapshotFails_nothingRestored() {
    when(checks.describeInstance(argThat(q -> q != null && q.instanceId().equals("sync-db"))))
        .thenReturn(new InstanceState("sync-db", false, null, null, null, null, false));
    when(checks.verifyCredentials(any()))
        .thenReturn(
            new CredentialCheck(
                CredentialCheck.UNREACHABLE,
                "connect timed out",
                5000,
                List.of(),
                List.of(),
                null));
    when(checks.newestSnapshot(any())).thenReturn(null);
    DataRestoreWorkflow run = begin(request(false, null));

    RunbookProgress p =
        awaitProgress(run, q -> step(q.steps(), "find-snapshot").status() == StepStatus.FAILED);

    assertThat(step(p.steps(), "find-snapshot").detail())
        .contains("sync-db is gone and RDS keeps no snapshot of it");
    verifyNoInteractions(restores);
  }

  /**
   * The database restore is rejected: the env file the run had already written goes back to the
   * version it had, and nothing in RDS is touched.
   */
  @Test
  void databaseRestoreRejected_theRestoredEnvFileIsPutBack() {
    when(checks.verifyCredentials(any()))
        .thenReturn(credentials(List.of("sync_state"), List.of("DB_PASSWORD")));
    DataRestoreWorkflow run = begin(request(false, null));
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    run.approve(
        new ApprovalRequest(
            "approve-database-restore", APPROVER, Decision.REJECT, "restore by hand"));

    assertFails(run, FailureTypes.REJECTED, "rejected by " + APPROVER);
    verify(writes)
        .revertFiles(
            argThat(
                (RevertFilesCommand c) ->
                    c.files().size() == 1
                        && c.files().get(0).name().equals("env")
                        && c.files().get(0).previousVersion().equals("e7")));
    verify(restores, never()).restoreToPointInTime(any());
    verify(changes, never()).redeployService(any());
  }

  /** A dry run reads and diagnoses, and writes nothing: no file, no RDS call, no deployment. */
  @Test
  void dryRun_diagnosesAndPlans_andWritesNothing() {
    when(checks.verifyCredentials(any()))
        .thenReturn(credentials(List.of("sync_state"), List.of("DB_PASSWORD")));

    DataRestoreResult result = start(request(true, null)).run(request(true, null));

    assertThat(result.outcome()).startsWith("DRY_RUN: database lost and service config broken");
    assertThat(result.achievedRpoSeconds()).isNull();
    assertThat(result.plannedActions())
        .anyMatch(a -> a.startsWith("restore [config, env] from set " + NEWEST))
        .anyMatch(a -> a.startsWith("restore sync-db to a point in time into sync-db-r"));
    verifyNoInteractions(writes, restores);
    verify(changes, never()).redeployService(any());
  }

  /**
   * An explicit set that does not verify is refused: no other set is swapped in, nothing written.
   */
  @Test
  void explicitSetThatDoesNotVerify_endsTheRun_andNothingIsWritten() {
    when(checks.verifyCredentials(any()))
        .thenReturn(credentials(List.of(), List.of("DB_PASSWORD")));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(PREVIOUS))))
        .thenReturn(
            new SetCheck(PREVIOUS, false, List.of("config: missing"), manifest(PREVIOUS, now)));
    DataRestoreWorkflow run = start(request(false, PREVIOUS));

    assertThatThrownBy(() -> run.run(request(false, PREVIOUS)))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(step(run.progress().steps(), "find-verified-backup").detail())
        .contains("set " + PREVIOUS + " does not verify: config: missing");
    verifyNoInteractions(writes, restores);
    verify(changes, never()).redeployService(any());
  }

  /** A bucket without versioning could not undo a restore: refused before anything is written. */
  @Test
  void bucketWithoutVersioning_endsTheRun_beforeAnyWrite() {
    when(checks.verifyCredentials(any()))
        .thenReturn(credentials(List.of(), List.of("DB_PASSWORD")));
    when(store.checkBucket(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "bucket backup-bucket has versioning Suspended", BackupStore.VERSIONING_OFF));
    DataRestoreWorkflow run = start(request(false, null));

    assertThatThrownBy(() -> run.run(request(false, null)))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(step(run.progress().steps(), "find-verified-backup").detail())
        .contains("versioning Suspended");
    verifyNoInteractions(writes, restores);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static dev.drrunbooks.profile.ServiceProfile profile() {
    return Fixtures.withData();
  }

  private static SetQuery setQuery(String setId) {
    return new SetQuery(dev.drrunbooks.backup.BackupLocation.of(profile()), setId);
  }

  private static CredentialCheck credentials(List<String> missingTables, List<String> differs) {
    return new CredentialCheck(CredentialCheck.OK, "logged in", 4, missingTables, differs, null);
  }

  private static InstanceState instance(String id, String status, Instant restorable) {
    return new InstanceState(
        id,
        true,
        status,
        "available".equals(status) ? id + ".abc.ap-southeast-1.rds.amazonaws.com" : null,
        5432,
        restorable,
        true);
  }

  private static BackupManifest manifest(String setId, Instant takenAt) {
    return Fixtures.manifest(setId, BackupManifest.FULL, takenAt, List.of());
  }

  private static SetCheck intact(String setId, Instant takenAt) {
    return new SetCheck(setId, true, List.of(), manifest(setId, takenAt));
  }

  private static StepView step(List<StepView> steps, String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static DataRestoreRequest request(boolean dryRun, String setId) {
    return new DataRestoreRequest(
        SERVICE, dryRun, "INC-7", "tester", null, "sync cannot log in", setId, null);
  }

  private DataRestoreWorkflow start(DataRestoreRequest request) {
    return client.newWorkflowStub(
        DataRestoreWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE)
            .setWorkflowId(request.dryRun() ? "dry/" + System.nanoTime() : ID)
            .build());
  }

  private DataRestoreWorkflow begin(DataRestoreRequest request) {
    DataRestoreWorkflow run = start(request);
    WorkflowClient.start(run::run, request);
    return run;
  }
}
