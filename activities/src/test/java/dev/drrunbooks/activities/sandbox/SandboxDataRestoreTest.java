package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.backup.BackupRequest;
import dev.drrunbooks.backup.BackupResult;
import dev.drrunbooks.backup.BackupVerificationRequest;
import dev.drrunbooks.backup.BackupVerificationResult;
import dev.drrunbooks.backup.BackupVerificationWorkflow;
import dev.drrunbooks.backup.BackupWorkflow;
import dev.drrunbooks.restore.DataRestoreRequest;
import dev.drrunbooks.restore.DataRestoreResult;
import dev.drrunbooks.restore.DataRestoreWorkflow;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Plan 3.2 and 4.2 against the simulation, on a real (scaled-down) clock: backups written and
 * verified by the same code as on AWS, a bad config push fixed by a config restore alone, a lost
 * database brought back by a point-in-time restore behind a gate, and a corrupted newest set
 * skipped for the one before it. The sync only resumes once a redeploy has picked the restored
 * files up.
 */
@Execution(ExecutionMode.CONCURRENT)
class SandboxDataRestoreTest {

  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;

  private SandboxRuns runs;
  @org.junit.jupiter.api.io.TempDir Path reports;

  @BeforeEach
  void setUp() {
    runs = SandboxRuns.start(reports);
  }

  @AfterEach
  void tearDown() {
    runs.env().close();
  }

  @Test
  void backupThenVerification_writeAnIncrementalSetAndProveTheNewestOne() {
    BackupResult full = backup("full");
    assertThat(full.outcome()).startsWith("BACKED_UP");
    assertThat(full.tables()).isEqualTo(2);
    assertThat(full.rows()).isEqualTo(42);
    assertThat(full.realtimeWithinRpo()).isTrue();
    BackupResult incremental = backup("incremental");
    // Nothing changed since the full set: every object is referenced, none copied.
    assertThat(incremental.objectsCopied()).isZero();
    assertThat(incremental.objectsReused()).isEqualTo(3);

    BackupVerificationResult verified =
        stub(BackupVerificationWorkflow.class, "backup-verification/" + UUID.randomUUID())
            .run(new BackupVerificationRequest("sandbox", false, null, "test", null));
    assertThat(verified.passed()).as(verified.oneLine()).isTrue();
    assertThat(verified.checks())
        .extracting(BackupVerificationResult.Check::name)
        .contains(
            "check-age",
            "check-checksums",
            "test-restore",
            "test-restore-tables",
            "check-realtime-backup");
    assertThat(runs.awsAsked()).hasValue(0);
    // The test restore's copies (the env file's, with the password) leave no old version behind.
    assertThat(runs.sandbox().storage().versionsUnder("backup-bucket", "scratch/")).isZero();
  }

  @Test
  void wrongCredentialsInTheEnvFile_configRestoreFixesIt_noDatabaseRestore() throws Exception {
    runs.sandbox().storage().breakServiceConfig();
    redeployByHand();
    awaitSync(false);

    DataRestoreResult result = restore(false);

    assertThat(result.diagnosis())
        .contains("service config broken, database sound")
        .contains("DB_PASSWORD");
    assertThat(result.restoredInstance()).isNull();
    assertThat(result.restoredFiles())
        .anyMatch(f -> f.startsWith("env ->") && f.contains("(written)"));
    assertThat(step(result, "restore-database")).isEqualTo(StepStatus.SKIPPED);
    assertThat(result.health()).doesNotContain("not verified");
    assertThat(runs.sandbox().syncingAt(System.currentTimeMillis())).isTrue();
    assertThat(runs.awsAsked()).hasValue(0);
  }

  @Test
  void databaseLost_gateThenPointInTimeRestore_serviceRunsOnTheNewInstance() throws Exception {
    runs.sandbox().databaseOutage();
    awaitSync(false);

    DataRestoreResult result = restore(true);

    assertThat(result.diagnosis()).startsWith("database lost");
    assertThat(result.restoredInstance()).contains("gitee-notion-sync-db-r").contains("available");
    assertThat(result.approvals()).anyMatch(a -> a.gate().equals("approve-database-restore"));
    assertThat(runs.sandbox().storage().serviceEnv().get("DB_HOST"))
        .startsWith("gitee-notion-sync-db-r");
    assertThat(runs.sandbox().syncingAt(System.currentTimeMillis())).isTrue();
    // The data is as old as the lost instance's last restorable moment at detection.
    assertThat(result.achievedRpoSeconds()).isBetween(0L, 300L);
  }

  /**
   * The instance is deleted: nothing to restore to a point in time, so its nightly snapshot (an
   * hour old) is restored behind the gate; the data is as old as the snapshot.
   */
  @Test
  void databaseDeleted_gateThenNewestSnapshot_serviceRunsOnTheNewInstance() throws Exception {
    runs.sandbox().databaseDeleted();
    awaitSync(false);

    DataRestoreResult result = restore(true);

    assertThat(result.diagnosis()).startsWith("database lost").contains("instance is gone");
    assertThat(
            result.steps().stream()
                .filter(s -> s.id().equals("find-snapshot"))
                .findFirst()
                .orElseThrow()
                .detail())
        .startsWith("automated snapshot rds:gitee-notion-sync-db-");
    assertThat(result.restoredInstance()).contains("gitee-notion-sync-db-r").contains("available");
    assertThat(runs.sandbox().syncingAt(System.currentTimeMillis())).isTrue();
    assertThat(result.achievedRpoSeconds()).isBetween(3600L, 3700L);
  }

  @Test
  void newestSetCorrupted_fallsBackToThePreviousSetAndSaysSo() throws Exception {
    BackupResult newer = backup("full");
    runs.sandbox().storage().corrupt("backup-bucket", newer.setId() + "/env_vars/.env");
    runs.sandbox().storage().breakServiceConfig();
    redeployByHand();

    DataRestoreResult result = restore(false);

    assertThat(result.setId()).isNotEqualTo(newer.setId());
    assertThat(result.skippedSets())
        .anyMatch(s -> s.startsWith(newer.setId()) && s.contains("env: SHA-256"));
    assertThat(runs.sandbox().syncingAt(System.currentTimeMillis())).isTrue();
  }

  // --- helpers -----------------------------------------------------------------------------

  private BackupResult backup(String kind) {
    BackupResult r =
        stub(BackupWorkflow.class, "backup/" + UUID.randomUUID())
            .run(new BackupRequest("sandbox", false, null, "test", null, kind, null));
    sleep(1100); // set ids are whole seconds
    return r;
  }

  private DataRestoreResult restore(boolean approveDatabase) throws InterruptedException {
    DataRestoreWorkflow run = stub(DataRestoreWorkflow.class, Procedure.lockId(PRIMARY));
    WorkflowClient.start(
        run::run,
        new DataRestoreRequest(
            "sandbox", false, "INC-DB", "test", null, "sync stalled", null, null));
    if (approveDatabase) {
      long deadline = System.currentTimeMillis() + 20_000;
      while (run.progress().status() != RunStatus.WAITING_FOR_APPROVAL
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      run.approve(
          new ApprovalRequest("approve-database-restore", "demo-commander", null, "restore"));
    }
    return WorkflowStub.fromTyped(run).getResult(DataRestoreResult.class);
  }

  private static StepStatus step(DataRestoreResult r, String id) {
    return r.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().status();
  }

  /** A bad config push takes effect with the next deployment, as on ECS. */
  private void redeployByHand() {
    runs.sandbox().capabilities().ecs().forceNewDeployment(PRIMARY, 2);
    sleep(1600);
  }

  private void awaitSync(boolean syncing) {
    long deadline = System.currentTimeMillis() + 5_000;
    while (runs.sandbox().syncingAt(System.currentTimeMillis()) != syncing
        && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    assertThat(runs.sandbox().syncingAt(System.currentTimeMillis())).isEqualTo(syncing);
  }

  private <T> T stub(Class<T> type, String id) {
    return runs.client()
        .newWorkflowStub(
            type,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(SandboxRuns.QUEUE).build());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
