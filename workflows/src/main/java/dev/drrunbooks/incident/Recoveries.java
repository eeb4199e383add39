package dev.drrunbooks.incident;

import java.util.List;

/** The recoveries an incident can route to: the procedures that change the service, or none. */
public final class Recoveries {

  public static final String NONE = "none";
  public static final String APP_ROLLBACK =
      dev.drrunbooks.rollback.RollbackProcedures.APP_ROLLBACK.name();
  public static final String REGION_FAILOVER =
      dev.drrunbooks.failover.FailoverProcedures.REGION_FAILOVER.name();
  public static final String FAILBACK = dev.drrunbooks.failover.FailoverProcedures.FAILBACK.name();
  public static final String DATA_RESTORE =
      dev.drrunbooks.restore.RestoreProcedures.DATA_RESTORE.name();

  /** What {@code decide} accepts, in the order the CLI shows them. */
  public static final List<String> NAMES =
      List.of(APP_ROLLBACK, DATA_RESTORE, REGION_FAILOVER, FAILBACK, NONE);

  private Recoveries() {}
}
