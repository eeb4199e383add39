package dev.drrunbooks.backup;

import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.backup.BackupVerificationResult.Check;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BackupVerification on a time-skipping server: every check runs and is reported with its evidence,
 * a failed one does not hide the others, and a failure is notified (backup monitoring).
 */
class BackupVerificationWorkflowTest {

  private static final String QUEUE = "backup-verification-test";
  private static final String INCREMENTAL = "20261121T030000Z";
  private static final String FULL = "20261121T000000Z";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Instant now;
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final BackupStore store = mock(BackupStore.class, withSettings().withoutAnnotations());
  private final BackupTests tests = mock(BackupTests.class, withSettings().withoutAnnotations());
  private final DatabaseChecks checks =
      mock(DatabaseChecks.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(BackupVerificationWorkflowImpl.class);
    worker.registerActivitiesImplementations(profiles, store, tests, checks, notify);
    env.start();
    client = env.getWorkflowClient();
    now = Instant.ofEpochMilli(env.currentTimeMillis());

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.withData());
    // The newest set is an hourly incremental one (no tables); the full set before it has them.
    when(store.listSets(any()))
        .thenReturn(
            List.of(
                new BackupSetSummary(INCREMENTAL, now.minus(Duration.ofMinutes(2))),
                new BackupSetSummary(FULL, now.minus(Duration.ofHours(3)))));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(INCREMENTAL))))
        .thenReturn(
            new SetCheck(
                INCREMENTAL,
                true,
                List.of(),
                Fixtures.manifest(
                    INCREMENTAL,
                    BackupManifest.INCREMENTAL,
                    now.minus(Duration.ofMinutes(2)),
                    List.of())));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(FULL))))
        .thenReturn(
            new SetCheck(
                FULL,
                true,
                List.of(),
                Fixtures.manifest(
                    FULL,
                    BackupManifest.FULL,
                    now.minus(Duration.ofHours(3)),
                    List.of(
                        new TableExport(
                            "sync_state", FULL + "/tables/sync_state.gz", 42, 900, "s1", "c1")))));
    when(tests.testRestore(any()))
        .thenAnswer(
            call -> {
              ScratchRestoreCommand c = call.getArgument(0);
              return new ScratchRestore(c.set().setId(), c.scratchPrefix(), 2, 200, List.of());
            });
    when(tests.restoreTables(any()))
        .thenReturn(
            new TableRestoreCheck(
                FULL, List.of(new TableRestoreCheck.Table("sync_state", 42, 42, "c1", "c1"))));
    when(checks.describeInstance(any()))
        .thenReturn(
            new InstanceState(
                "sync-db", true, "available", "sync-db.rds", 5432, now.minusSeconds(60), true));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * Forty minutes after the hourly set, with a 5-minute RPO: the set is as young as its schedule
   * makes it, so the verification passes (held to the RPO, it failed five minutes after every set,
   * on the sandbox and on AWS alike; the RPO is RDS's continuous backup, checked apart).
   */
  @Test
  void hourlySetFortyMinutesOld_passesTheAgeCheck_thoughOlderThanTheRpo() {
    when(store.listSets(any()))
        .thenReturn(
            List.of(
                new BackupSetSummary(INCREMENTAL, now.minus(Duration.ofMinutes(40))),
                new BackupSetSummary(FULL, now.minus(Duration.ofHours(3)))));

    BackupVerificationResult result =
        start("backup-verification/test-service/40m").run(request(false));

    assertThat(check(result, "check-age").passed()).isTrue();
    assertThat(check(result, "check-age").evidence()).contains("40m00s old (at most 90 min");
  }

  /**
   * Everything holds: age, checksums, a byte-for-byte test restore into a scratch prefix named
   * after the run, the newest full set's export loaded into the scratch database, and RDS within
   * the RPO. Nobody is notified.
   */
  @Test
  void healthyBackups_everyCheckPassesWithItsEvidence_andNobodyIsNotified() {
    String id = "backup-verification/test-service/1";
    BackupVerificationResult result = start(id).run(request(false));
    HistoryRecorder.record(client, id, "backup-verification", "backup-verification-passed");

    assertThat(result.passed()).isTrue();
    assertThat(result.setId()).isEqualTo(INCREMENTAL);
    assertThat(result.checks())
        .extracting(Check::name)
        .containsExactly(
            "check-age",
            "check-checksums",
            "test-restore",
            "test-restore-tables",
            "check-realtime-backup");
    assertThat(check(result, "check-age").evidence())
        .isEqualTo(
            "set " + INCREMENTAL + " is 2m00s old (at most 90 min: backup.maxSetAgeMinutes)");
    assertThat(check(result, "test-restore-tables").evidence())
        .isEqualTo("set " + FULL + ": 1 table(s), 42 row(s) loaded; counts and checksums equal");
    verify(tests)
        .testRestore(
            new ScratchRestoreCommand(
                new SetQuery(location(), INCREMENTAL),
                "scratch/backup-verification-test-service-1/"));
    verify(tests)
        .restoreTables(
            argThat(
                (TableRestoreCommand c) ->
                    c.set().setId().equals(FULL)
                        && c.scratch().host().equals("scratch-db.internal")
                        && c.scratch().secretArn().equals(Fixtures.SECRET_ARN)
                        && c.schemaName().equals("verify_" + FULL.toLowerCase())
                        && c.schemaFile().equals("schema/sync.sql")));
    verify(notify, never())
        .notify(argThat((Notification n) -> n.level() == Notification.Level.CRITICAL));
  }

  /**
   * The newest set is three hours old and damaged, the test restore differs, and RDS keeps no
   * automated backups: every failure is in the result and in one critical notification, and the
   * checks that hold still say so.
   */
  @Test
  void staleDamagedBackups_everyFailureReported_andNotified() {
    when(store.listSets(any()))
        .thenReturn(List.of(new BackupSetSummary(FULL, now.minus(Duration.ofHours(3)))));
    when(store.verifySet(argThat(q -> q != null && q.setId().equals(FULL))))
        .thenReturn(
            new SetCheck(
                FULL,
                false,
                List.of("env: SHA-256 bb in the manifest, 9f stored"),
                Fixtures.manifest(
                    FULL,
                    BackupManifest.FULL,
                    now.minus(Duration.ofHours(3)),
                    List.of(
                        new TableExport(
                            "sync_state", FULL + "/tables/sync_state.gz", 42, 900, "s1", "c1")))));
    org.mockito.Mockito.doReturn(
            new ScratchRestore(FULL, "scratch/x/", 2, 200, List.of("env: bytes differ at 17")))
        .when(tests)
        .testRestore(any());
    when(checks.describeInstance(any()))
        .thenReturn(new InstanceState("sync-db", true, "available", "h", 5432, null, false));

    BackupVerificationWorkflow run = start("backup-verification/test-service/2");

    // The verdict is the run's status: FAILED, with every failure in its reason.
    assertThatThrownBy(() -> run.run(request(false)))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            io.temporal.failure.ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("CheckFailed");
              assertThat(f.getOriginalMessage())
                  .startsWith("FAILED: 1/5 checks")
                  .contains("3h00m old (at most 90 min: backup.maxSetAgeMinutes)")
                  .contains("env: SHA-256 bb in the manifest, 9f stored")
                  .contains("no point-in-time restore possible")
                  .doesNotContain("test-restore-tables");
            });
    verify(notify)
        .notify(
            argThat(
                (Notification n) ->
                    n.level() == Notification.Level.CRITICAL
                        && n.title().equals("BackupVerification failed for test-service")
                        && n.message().startsWith("FAILED: 1/5 checks")
                        && n.message().contains("env: SHA-256 bb in the manifest, 9f stored")));
  }

  @Test
  void noBackupSetAtAll_failsAndNotifies() {
    when(store.listSets(any())).thenReturn(List.of());

    BackupVerificationWorkflow run = start("backup-verification/test-service/3");

    assertThatThrownBy(() -> run.run(request(false)))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("no backup set in s3://backup-bucket/");
    verify(notify).notify(argThat((Notification n) -> n.level() == Notification.Level.CRITICAL));
    verifyNoInteractions(tests);
  }

  /** A dry run checks what it can read and restores nothing, not even to scratch. */
  @Test
  void dryRun_checksSetsAndInstance_restoresNothing() {
    BackupVerificationResult result =
        start("backup-verification/test-service/4").run(request(true));

    assertThat(result.checks())
        .extracting(Check::name)
        .containsExactly("check-age", "check-checksums", "check-realtime-backup");
    verifyNoInteractions(tests);
  }

  private static Check check(BackupVerificationResult result, String name) {
    return result.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static BackupLocation location() {
    return BackupLocation.of(Fixtures.withData());
  }

  private static BackupVerificationRequest request(boolean dryRun) {
    return new BackupVerificationRequest(SERVICE, dryRun, null, "schedule backup-verify", null);
  }

  private BackupVerificationWorkflow start(String id) {
    return client.newWorkflowStub(
        BackupVerificationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
  }
}
