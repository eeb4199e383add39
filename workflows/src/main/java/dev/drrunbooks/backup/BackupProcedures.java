package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class BackupProcedures {

  public static final Procedure BACKUP =
      new Procedure(
          "backup",
          BackupWorkflow.TYPE,
          BackupRequest.class,
          BackupWorkflowImpl.class,
          "4.2",
          "Back up config, env file and task definition (full: with the sync tables) to a"
              + " checksummed set; point latest/ at it; prune; check the RDS restorable time.",
          false,
          "workflows/src/main/java/dev/drrunbooks/backup/README.md",
          Procedure.params(
              "kind", "full (with the database export) or incremental (changed objects only).",
              "setId",
                  "The set's id (UTC time, e.g. 20261121T031500Z); the same id is not written twice."));

  public static final Procedure BACKUP_VERIFICATION =
      new Procedure(
          "backup-verification",
          BackupVerificationWorkflow.TYPE,
          BackupVerificationRequest.class,
          BackupVerificationWorkflowImpl.class,
          "4.2",
          "Prove the backups: newest set as young as its schedule, checksums, test restore byte for byte,"
              + " export loaded into a scratch database, RDS restorable time.",
          false,
          "workflows/src/main/java/dev/drrunbooks/backup/README.md",
          Procedure.params());

  private BackupProcedures() {}
}
