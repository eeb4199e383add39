package dev.drrunbooks.drill;

import dev.drrunbooks.incident.DisasterType;
import dev.drrunbooks.incident.Recoveries;
import java.util.Arrays;
import java.util.List;

/**
 * The plan's drill scenarios (section 6) that the sandbox can inject safely, with what the initial
 * response should make of each: a drill that classifies its own fault wrongly has found something.
 */
public enum Scenario {
  /** Complete application failure: a bad release whose health checks fail. */
  APP_FAILURE(
      "app-failure", "bad-release", DisasterType.APPLICATION, Recoveries.APP_ROLLBACK, false),
  /**
   * Database connection loss: the application answers, the sync stalls; the instance is lost, so
   * data-restore brings it back by point-in-time restore behind the participants' approval.
   */
  DB_CONNECTION_LOSS(
      "db-connection-loss",
      "database-outage",
      DisasterType.DATABASE,
      Recoveries.DATA_RESTORE,
      false),
  /** Network outage of the primary region: nothing there answers. */
  NETWORK_OUTAGE(
      "network-outage",
      "region-outage",
      DisasterType.INFRASTRUCTURE,
      Recoveries.REGION_FAILOVER,
      false);

  /**
   * The plan's fourth scenario, a multi-AZ failure, needs availability zones the sandbox does not
   * model; it is refused with this reason rather than simulated as something else.
   */
  public static final String MULTI_AZ = "multi-az-failure";

  private final String cliName;
  private final String fault;
  private final DisasterType expected;
  private final String recovery;
  private final boolean fixedByHand;

  Scenario(
      String cliName, String fault, DisasterType expected, String recovery, boolean fixedByHand) {
    this.cliName = cliName;
    this.fault = fault;
    this.expected = expected;
    this.recovery = recovery;
    this.fixedByHand = fixedByHand;
  }

  public String cliName() {
    return cliName;
  }

  /** The sandbox fault that plays it ({@code runbook sandbox break ...}). */
  public String fault() {
    return fault;
  }

  public DisasterType expected() {
    return expected;
  }

  public String recovery() {
    return recovery;
  }

  /** No procedure recovers it: the participant fixes it by hand, then decides {@code none}. */
  public boolean fixedByHand() {
    return fixedByHand;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Scenario::cliName).toList();
  }

  /** The scenario named, or null. */
  public static Scenario byName(String name) {
    return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst().orElse(null);
  }
}
