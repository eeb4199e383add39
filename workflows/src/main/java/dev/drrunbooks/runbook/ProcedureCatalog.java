package dev.drrunbooks.runbook;

import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.rollback.AppRollbackWorkflowImpl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every procedure dr-runbooks offers; the worker, the CLI and the docs table read this list. */
public final class ProcedureCatalog {

  public static final Procedure APP_ROLLBACK =
      new Procedure(
          "app-rollback",
          AppRollbackWorkflow.TYPE,
          AppRollbackRequest.class,
          AppRollbackWorkflowImpl.class,
          "3.1, 5.2.1",
          "Roll the service back to its last known stable task-definition revision.",
          true,
          "workflows/src/main/java/dev/drrunbooks/rollback/README.md",
          params(
              "revision",
                  "Roll back to this revision (40, or family:40) instead of the last known stable"
                      + " one; known-bad, newer or other-family revisions need --force.",
              "desiredCount",
                  "Scale to this many tasks (at most the profile's ecs.maxDesiredCount).",
              "trigger",
                  "Why: manual, health-check-failed, error-rate-spike, performance-degraded"
                      + " (default manual).",
              "strategy",
                  "all-at-once, or gradual: batches of ecs.gradualBatchPercent, each verified"
                      + " (default: the profile's ecs.rollbackStrategy).",
              "force",
                  "Why to deploy a revision the checks refuse; shown at the gate, which then"
                      + " always waits for a person."));

  public static final Procedure VALIDATION =
      new Procedure(
          "validation",
          dev.drrunbooks.validation.ValidationWorkflow.TYPE,
          dev.drrunbooks.validation.ValidationRequest.class,
          dev.drrunbooks.validation.ValidationWorkflowImpl.class,
          "5.3",
          "Prove a recovery: service health, Gitee and Notion reachable, recent issues current in"
              + " Notion (sync lag = measured RPO).",
          false,
          "workflows/src/main/java/dev/drrunbooks/validation/README.md",
          params(
              "trafficSince",
              "Judge served traffic only from this instant (when the recovery's change"
                  + " completed), e.g. 2026-11-21T03:10:00Z."));

  public static final Procedure REGION_FAILOVER =
      new Procedure(
          "region-failover",
          dev.drrunbooks.failover.RegionFailoverWorkflow.TYPE,
          dev.drrunbooks.failover.RegionFailoverRequest.class,
          dev.drrunbooks.failover.RegionFailoverWorkflowImpl.class,
          "3.3, 5.2.3",
          "Start the service in the standby region, switch DNS to it, verify; undone if it fails.",
          true,
          "workflows/src/main/java/dev/drrunbooks/failover/README.md",
          params(
              "reason",
              "Why the region is being left; shown first in the gate's question.",
              "dataBroughtHome",
              "Failback only; ignored here."));

  public static final Procedure FAILBACK =
      new Procedure(
          "failback",
          dev.drrunbooks.failover.FailbackWorkflow.TYPE,
          dev.drrunbooks.failover.RegionFailoverRequest.class,
          dev.drrunbooks.failover.FailbackWorkflowImpl.class,
          "3.3, 5.2.3",
          "Return the public name to the healthy primary region, then idle the standby.",
          true,
          "workflows/src/main/java/dev/drrunbooks/failover/README.md",
          params(
              "reason",
              "Why now; shown first in the gate's question.",
              "dataBroughtHome",
              "You confirm that what was written in the standby region during the failover is in"
                  + " the primary's database again. After a failover that promoted the replica,"
                  + " failback refuses without it and says how to bring the data home."));

  public static final Procedure DATA_RESTORE =
      new Procedure(
          "data-restore",
          dev.drrunbooks.restore.DataRestoreWorkflow.TYPE,
          dev.drrunbooks.restore.DataRestoreRequest.class,
          dev.drrunbooks.restore.DataRestoreWorkflowImpl.class,
          "3.2, 4.2, 5.2.2",
          "Check the database connection and credentials, restore config and env files from the"
              + " newest verified backup, the database (point in time) only if lost; redeploy.",
          true,
          "workflows/src/main/java/dev/drrunbooks/restore/README.md",
          params(
              "reason", "What is wrong, in one line; shown first in the gate's question.",
              "setId",
                  "Restore this backup set (e.g. 20261121T031500Z) instead of the newest that"
                      + " verifies.",
              "restoreTime",
                  "Restore the database to this instant (e.g. 2026-11-21T03:10:00Z) instead of"
                      + " the latest restorable time."));

  public static final Procedure BACKUP =
      new Procedure(
          "backup",
          dev.drrunbooks.backup.BackupWorkflow.TYPE,
          dev.drrunbooks.backup.BackupRequest.class,
          dev.drrunbooks.backup.BackupWorkflowImpl.class,
          "4.2",
          "Back up config, env file and task definition (full: with the sync tables) to a"
              + " checksummed set; point latest/ at it; prune; check the RDS restorable time.",
          false,
          "workflows/src/main/java/dev/drrunbooks/backup/README.md",
          params(
              "kind", "full (with the database export) or incremental (changed objects only).",
              "setId",
                  "The set's id (UTC time, e.g. 20261121T031500Z); the same id is not written twice."));

  public static final Procedure BACKUP_VERIFICATION =
      new Procedure(
          "backup-verification",
          dev.drrunbooks.backup.BackupVerificationWorkflow.TYPE,
          dev.drrunbooks.backup.BackupVerificationRequest.class,
          dev.drrunbooks.backup.BackupVerificationWorkflowImpl.class,
          "4.2",
          "Prove the backups: newest set as young as its schedule, checksums, test restore byte for byte,"
              + " export loaded into a scratch database, RDS restorable time.",
          false,
          "workflows/src/main/java/dev/drrunbooks/backup/README.md",
          params());

  public static final Procedure INCIDENT_RESPONSE =
      new Procedure(
          "incident-response",
          Procedure.INCIDENT_TYPE,
          dev.drrunbooks.incident.IncidentRequest.class,
          dev.drrunbooks.incident.IncidentResponseWorkflowImpl.class,
          "3, 5.1, 9.2",
          "One incident per service: assess, classify, notify, decide the recovery, run it,"
              + " validate, report RTO and RPO.",
          false,
          "workflows/src/main/java/dev/drrunbooks/incident/README.md",
          params(
              "reason",
              "What is wrong, in one line; shown first in every message.",
              "procedure",
              "Propose this recovery instead of the assessment's (app-rollback,"
                  + " data-restore, region-failover, failback, none); a person still decides."));

  public static final Procedure DRILL =
      new Procedure(
          "drill",
          dev.drrunbooks.drill.DrillWorkflow.TYPE,
          dev.drrunbooks.drill.DrillRequest.class,
          dev.drrunbooks.drill.DrillWorkflowImpl.class,
          "6",
          "A DR drill on the sandbox: inject a scenario's fault, run the initial response, restore,"
              + " report RTO and RPO against the objectives.",
          false,
          "workflows/src/main/java/dev/drrunbooks/drill/README.md",
          params(
              "scenario", "app-failure, db-connection-loss or network-outage.",
              "mode", "simulation (the sandbox; the only mode available).",
              "participants", "Approvers who decide and approve, e.g. demo-commander."));

  public static final List<Procedure> ALL =
      List.of(
          INCIDENT_RESPONSE,
          APP_ROLLBACK,
          DATA_RESTORE,
          REGION_FAILOVER,
          FAILBACK,
          VALIDATION,
          BACKUP,
          BACKUP_VERIFICATION,
          DRILL);

  /**
   * The implementations the worker registers and the replay test replays against: the procedures,
   * plus the tools around them (revision tags, the doctor's probe).
   */
  public static final List<Class<?>> WORKFLOW_IMPLEMENTATIONS =
      java.util.stream.Stream.concat(
              ALL.stream().<Class<?>>map(Procedure::implementation),
              java.util.stream.Stream.of(
                  dev.drrunbooks.rollback.RevisionTagWorkflowImpl.class,
                  dev.drrunbooks.doctor.DoctorWorkflowImpl.class,
                  dev.drrunbooks.sandbox.SandboxControlWorkflowImpl.class))
          .toList();

  public static Optional<Procedure> byName(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> help = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      help.put(pairs[i], pairs[i + 1]);
    }
    return help;
  }

  private ProcedureCatalog() {}
}
