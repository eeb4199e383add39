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

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
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
 * The Backup workflow on a time-skipping server, the bucket and RDS mocked: what it asks to be
 * written for each kind, that the real-time backup is judged against the RPO, and that a dry run or
 * a bucket without versions writes nothing.
 */
class BackupWorkflowTest {

  private static final String QUEUE = "backup-test";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Instant now;
  private String previous;
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final BackupStore store = mock(BackupStore.class, withSettings().withoutAnnotations());
  private final BackupWrites writes = mock(BackupWrites.class, withSettings().withoutAnnotations());
  private final DatabaseChecks checks =
      mock(DatabaseChecks.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class);
    worker.registerActivitiesImplementations(profiles, store, writes, checks, notify);
    env.start();
    client = env.getWorkflowClient();
    now = Instant.ofEpochMilli(env.currentTimeMillis());
    previous = BackupWorkflowImpl.SET_ID.format(now.minus(Duration.ofHours(1)));

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.withData());
    when(store.checkBucket(any())).thenReturn("versioning Enabled");
    when(store.serviceFiles(any())).thenReturn(Fixtures.serviceFiles());
    when(store.listSets(any()))
        .thenReturn(List.of(new BackupSetSummary(previous, now.minus(Duration.ofHours(1)))));
    when(checks.describeInstance(any()))
        .thenReturn(
            new InstanceState(
                "sync-db", true, "available", "sync-db.rds", 5432, now.minusSeconds(60), true));
    when(writes.takeSet(any()))
        .thenAnswer(
            call -> {
              TakeBackupCommand c = call.getArgument(0);
              BackupManifest m = Fixtures.manifest(c.setId(), c.kind(), c.takenAt(), List.of());
              // Incremental: the config is unchanged since the previous set and stays there.
              return c.previousSet() == null
                  ? m
                  : new BackupManifest(
                      m.format(),
                      m.setId(),
                      m.service(),
                      m.kind(),
                      m.takenAt(),
                      c.previousSet(),
                      List.of(
                          new BackupObject(
                              "config",
                              c.previousSet() + "/config",
                              120,
                              "aa",
                              Fixtures.CONFIG_URI,
                              "c1",
                              c.previousSet()),
                          m.object("env")),
                      List.of(),
                      m.takenBy());
            });
    when(writes.pointLatest(any())).thenReturn(List.of("latest/config", "latest/env_vars/.env"));
    when(writes.prune(any())).thenReturn(new PruneResult(List.of(), 2, List.of()));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * An hourly incremental set: compared with the previous set, only the changed env file is copied;
   * latest/ points at it, old sets are pruned, and RDS's restorable time (60 s old) is within the
   * RPO, so nobody is woken up.
   */
  @Test
  void incremental_copiesOnlyWhatChanged_pointsLatest_prunes_realtimeWithinRpo() {
    String id = "backup/test-service/" + System.nanoTime();
    BackupResult result = start(id).run(request(BackupManifest.INCREMENTAL, false));
    HistoryRecorder.record(client, id, "backup", "backup-incremental");

    assertThat(result.outcome()).startsWith("BACKED_UP: incremental set " + result.setId());
    assertThat(result.setId()).matches("\\d{8}T\\d{6}Z").isGreaterThan(previous);
    assertThat(result.objectsCopied()).isEqualTo(1);
    assertThat(result.objectsReused()).isEqualTo(1);
    assertThat(result.realtimeWithinRpo()).isTrue();
    assertThat(result.realtime()).contains("restorable data is 1m00s old (RPO 5 min)");
    verify(writes)
        .takeSet(
            argThat(
                (TakeBackupCommand c) ->
                    c.kind().equals(BackupManifest.INCREMENTAL)
                        && c.previousSet().equals(previous)
                        && c.database() == null
                        && c.tables().isEmpty()
                        && c.sources().equals(Fixtures.serviceFiles().sources())
                        && c.location().bucket().equals("backup-bucket")
                        && c.location().region().equals("ap-northeast-1")
                        && c.takenBy().equals("Backup " + id)));
    verify(writes).pointLatest(new SetQuery(location(), result.setId()));
    verify(writes).prune(argThat((PruneCommand c) -> c.keepSets() == 48 && c.keepDays() == 14));
    verify(notify, never())
        .notify(argThat((Notification n) -> n.level() == Notification.Level.CRITICAL));
  }

  /**
   * A daily full set copies everything and exports the sync tables: the command names the database
   * by its secret's ARN, never a credential.
   */
  @Test
  void full_exportsTheSyncTables_namingTheSecretByArnOnly() {
    BackupResult result =
        start("backup/test-service/" + System.nanoTime()).run(request(BackupManifest.FULL, false));

    assertThat(result.kind()).isEqualTo(BackupManifest.FULL);
    verify(writes)
        .takeSet(
            argThat(
                (TakeBackupCommand c) ->
                    c.previousSet() == null
                        && c.database() != null
                        && c.database().secretArn().equals(Fixtures.SECRET_ARN)
                        && c.database().name().equals("sync")
                        && c.tables().equals(List.of("sync_state", "sync_cursor"))));
  }

  /** RDS can only restore to 20 minutes ago: the set is still taken, and someone is told now. */
  @Test
  void realtimeBackupBehindTheRpo_setStillTaken_andACriticalNotification() {
    when(checks.describeInstance(any()))
        .thenReturn(
            new InstanceState(
                "sync-db",
                true,
                "available",
                "sync-db.rds",
                5432,
                now.minus(Duration.ofMinutes(20)),
                true));

    BackupResult result =
        start("backup/test-service/" + System.nanoTime())
            .run(request(BackupManifest.INCREMENTAL, false));

    assertThat(result.realtimeWithinRpo()).isFalse();
    assertThat(result.outcome()).startsWith("BACKED_UP");
    verify(notify)
        .notify(
            argThat(
                (Notification n) ->
                    n.level() == Notification.Level.CRITICAL
                        && n.title().equals("Real-time backup of test-service is behind the RPO")
                        && n.message().contains("restorable data is 20m00s old")));
  }

  @Test
  void dryRun_readsAndPlans_writesNothing() {
    BackupResult result =
        start("backup/test-service/" + System.nanoTime()).run(request(BackupManifest.FULL, true));

    assertThat(result.outcome()).startsWith("DRY_RUN: would write full set");
    assertThat(result.plannedActions()).hasSize(3);
    verifyNoInteractions(writes);
  }

  /** Without versioning a set could be overwritten unseen: refused before anything is written. */
  @Test
  void bucketWithoutVersioning_refused_nothingWritten() {
    when(store.checkBucket(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "bucket backup-bucket has versioning Suspended", BackupStore.VERSIONING_OFF));
    BackupWorkflow run = start("backup/test-service/" + System.nanoTime());

    assertThatThrownBy(() -> run.run(request(BackupManifest.FULL, false)))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(run.progress().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(run.progress().outcome()).contains("versioning Suspended");
    verifyNoInteractions(writes);
  }

  private static BackupLocation location() {
    return BackupLocation.of(Fixtures.withData());
  }

  private static BackupRequest request(String kind, boolean dryRun) {
    return new BackupRequest(SERVICE, dryRun, null, "schedule backup-hourly", null, kind, null);
  }

  private BackupWorkflow start(String id) {
    return client.newWorkflowStub(
        BackupWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
  }
}
