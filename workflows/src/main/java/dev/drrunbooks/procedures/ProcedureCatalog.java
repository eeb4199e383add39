package dev.drrunbooks.procedures;

import dev.drrunbooks.backup.BackupProcedures;
import dev.drrunbooks.drill.DrillProcedures;
import dev.drrunbooks.failover.FailoverProcedures;
import dev.drrunbooks.incident.IncidentProcedures;
import dev.drrunbooks.restore.RestoreProcedures;
import dev.drrunbooks.rollback.RollbackProcedures;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.validation.ValidationProcedures;
import java.util.List;
import java.util.Optional;

/**
 * Every procedure dr-runbooks offers, assembled above the feature packages that each declare their
 * own: the worker, the CLI and the docs table read this list.
 */
public final class ProcedureCatalog {

  public static final Procedure APP_ROLLBACK = RollbackProcedures.APP_ROLLBACK;

  public static final Procedure VALIDATION = ValidationProcedures.VALIDATION;

  public static final Procedure REGION_FAILOVER = FailoverProcedures.REGION_FAILOVER;

  public static final Procedure FAILBACK = FailoverProcedures.FAILBACK;

  public static final Procedure DATA_RESTORE = RestoreProcedures.DATA_RESTORE;

  public static final Procedure BACKUP = BackupProcedures.BACKUP;

  public static final Procedure BACKUP_VERIFICATION = BackupProcedures.BACKUP_VERIFICATION;

  public static final Procedure INCIDENT_RESPONSE = IncidentProcedures.INCIDENT_RESPONSE;

  public static final Procedure DRILL = DrillProcedures.DRILL;

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

  private ProcedureCatalog() {}
}
