package dev.drrunbooks.incident;

/** The plan's disaster types (section 3), and what each is recovered with. */
public enum DisasterType {
  /** 3.1: health checks fail, API errors, severe log errors; the tasks can run. */
  APPLICATION(Recoveries.APP_ROLLBACK),
  /** 3.2: database connection timeouts, sync failures; the application otherwise healthy. */
  DATABASE(Recoveries.DATA_RESTORE),
  /** 3.3: tasks cannot start, network problems, load-balancer failure. */
  INFRASTRUCTURE(Recoveries.REGION_FAILOVER),
  /** The assessment found nothing wrong: no recovery is proposed. */
  NONE_CONFIRMED(Recoveries.NONE);

  private final String recovery;

  DisasterType(String recovery) {
    this.recovery = recovery;
  }

  /** The procedure the plan recovers this type with ({@code none} when no procedure does yet). */
  public String recovery() {
    return recovery;
  }
}
