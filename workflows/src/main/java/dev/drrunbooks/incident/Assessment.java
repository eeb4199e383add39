package dev.drrunbooks.incident;

import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.sync.Reachability;
import java.time.Instant;
import java.util.List;

/**
 * What the incident's first look found (plan 5.1: confirm the fault, assess impact). Each part is
 * what its source answered, or, when it did not answer, why: an unanswered call is evidence too (a
 * region that does not answer is an infrastructure failure). A part neither answered nor failed was
 * not configured for the service.
 *
 * @param ecs the ECS service: tasks, deployments, failed tasks
 * @param traffic tasks, targets, the health URL, the 5xx rate and p90 over the recent window
 * @param logs recent error logs, grouped by message
 * @param database whether the database accepts connections; null without a {@code database} section
 * @param gitee Gitee API reachable with the service's token; null without a {@code sync} section
 * @param notion Notion API reachable with the service's token
 * @param syncLagSeconds the age of the oldest Gitee change not yet in Notion (data at risk)
 * @param errors why a part did not answer, as {@code part: reason}
 * @param maxErrorRatePercent the profile's threshold, to judge {@code traffic}
 * @param rpoMinutes the profile's RPO, to judge the sync lag
 */
public record Assessment(
    Instant at,
    ServiceState ecs,
    HealthReport traffic,
    LogSummary logs,
    DatabaseReach database,
    Reachability gitee,
    Reachability notion,
    Long syncLagSeconds,
    java.util.Map<String, String> errors,
    double maxErrorRatePercent,
    int rpoMinutes) {

  public static final String ECS = "ecs";
  public static final String TRAFFIC = "traffic";
  public static final String LOGS = "logs";
  public static final String DATABASE = "database";
  public static final String GITEE = "gitee";
  public static final String NOTION = "notion";
  public static final String SYNC = "sync";

  public static final List<String> PARTS =
      List.of(ECS, TRAFFIC, LOGS, DATABASE, GITEE, NOTION, SYNC);

  public Assessment {
    errors = dev.drrunbooks.runbook.Ordered.copy(errors);
  }

  /** Why the part did not answer, or null when it answered (or was not configured). */
  public String error(String part) {
    return errors.get(part);
  }

  public boolean answered(String part) {
    return !errors.containsKey(part);
  }
}
