package dev.drrunbooks.incident;

import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The plan's disaster types (section 3) from an assessment, deterministically, with the facts that
 * decided them. The order matters and follows the plan's recoveries: infrastructure first (when
 * tasks cannot run, rolling back a release cannot help), then the application (its health checks
 * fail while tasks run), then the database (connections time out, the sync fails, the application
 * otherwise healthy), then severe errors in the log alone.
 */
public final class Classifier {

  /** Error events in the lookback that count as "severe errors in the log" on their own. */
  static final int SEVERE_LOG_EVENTS = 10;

  /** A 5xx rate this high means most users fail: SEV1 rather than SEV2. */
  static final double OUTAGE_ERROR_RATE_PERCENT = 50;

  /** Log messages that say the database, not the application, is failing. */
  static final Pattern DATABASE_ERROR =
      Pattern.compile(
          "(connection is not available|could not open jdbc connection|connection refused"
              + "|connect timed out|communications link failure|too many connections"
              + "|hikaripool|the connection attempt failed|database .* does not exist"
              + "|password authentication failed)");

  private Classifier() {}

  /**
   * Classifies the assessment.
   *
   * @param hasStandby whether the profile has a standby region to fail over to
   */
  public static Classification classify(Assessment a, boolean hasStandby, Instant at) {
    List<String> why = new ArrayList<>();
    HealthReport traffic = a.traffic();

    // Infrastructure: the region, its tasks or its load balancer fail.
    List<String> down = infrastructureSymptoms(a);
    if (!down.isEmpty()) {
      why.addAll(down);
      return infrastructure(why, Severity.SEV1, hasStandby, at);
    }

    // Application: the health checks fail while tasks run.
    List<String> unhealthy = applicationSymptoms(a);
    if (!unhealthy.isEmpty()) {
      why.addAll(unhealthy);
      LogSummary logs = a.logs();
      if (logs != null && logs.matchedEvents() > 0) {
        why.add("log: " + logs.oneLine());
      }
      return new Classification(
          DisasterType.APPLICATION,
          applicationSeverity(traffic),
          DisasterType.APPLICATION.recovery(),
          why,
          dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR,
          at);
    }

    // Database: the application answers, its data does not flow.
    List<String> database = databaseSymptoms(a);
    if (!database.isEmpty()) {
      why.add("the application answers its health checks");
      why.addAll(database);
      boolean dataAtRisk =
          (a.database() != null && !a.database().reachable())
              || (a.syncLagSeconds() != null && a.syncLagSeconds() > a.rpoMinutes() * 60L);
      return new Classification(
          DisasterType.DATABASE,
          dataAtRisk ? Severity.SEV2 : Severity.SEV3,
          DisasterType.DATABASE.recovery(),
          why,
          dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR,
          at);
    }

    // Severe errors in the log alone.
    LogSummary logs = a.logs();
    if (logs != null && logs.matchedEvents() >= SEVERE_LOG_EVENTS) {
      why.add("health checks pass, but the log has severe errors: " + logs.oneLine());
      return new Classification(
          DisasterType.APPLICATION,
          Severity.SEV3,
          DisasterType.APPLICATION.recovery(),
          why,
          dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR,
          at);
    }

    why.add(
        "nothing wrong seen: "
            + (traffic == null ? "traffic not judged" : traffic.oneLine())
            + (logs == null ? "" : "; " + logs.oneLine()));
    a.errors().forEach((part, error) -> why.add(part + " did not answer: " + error));
    return new Classification(
        DisasterType.NONE_CONFIRMED,
        Severity.SEV4,
        Recoveries.NONE,
        why,
        dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR,
        at);
  }

  /** Why the region, its tasks or its load balancer look down; empty when they do not. */
  private static List<String> infrastructureSymptoms(Assessment a) {
    ServiceState ecs = a.ecs();
    HealthReport traffic = a.traffic();
    if (!a.answered(Assessment.ECS)) {
      return List.of("ECS did not answer: " + a.error(Assessment.ECS));
    }
    if (ecs != null && ecs.desiredCount() > 0 && ecs.runningCount() == 0) {
      return List.of(
          "no task runs: 0/"
              + ecs.desiredCount()
              + (ecs.rolloutFailed() ? ", the deployment's circuit breaker gave up" : "")
              + failedTasks(ecs));
    }
    if (!a.answered(Assessment.TRAFFIC)) {
      return List.of(
          "tasks run ("
              + (ecs == null ? "?" : ecs.runningCount() + "/" + ecs.desiredCount())
              + ") but the load balancer, health URL or metrics did not answer: "
              + a.error(Assessment.TRAFFIC));
    }
    if (traffic != null
        && traffic.runningCount() > 0
        && traffic.totalTargets() > 0
        && traffic.healthyTargets() == 0
        && traffic.healthUrlStatus() == null) {
      return List.of(
          "tasks run but no target is healthy and the health URL does not answer: network or"
              + " load-balancer failure");
    }
    return List.of();
  }

  private static Classification infrastructure(
      List<String> why, Severity severity, boolean hasStandby, Instant at) {
    if (!hasStandby) {
      why.add("the profile has no standby region: no failover to propose");
    }
    return new Classification(
        DisasterType.INFRASTRUCTURE,
        severity,
        hasStandby ? DisasterType.INFRASTRUCTURE.recovery() : Recoveries.NONE,
        why,
        dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR,
        at);
  }

  /** Health URL, targets, 5xx rate, latency: what users feel. */
  private static List<String> applicationSymptoms(Assessment a) {
    List<String> symptoms = new ArrayList<>();
    HealthReport t = a.traffic();
    if (t == null) {
      return symptoms;
    }
    if (t.healthUrlStatus() != null && (t.healthUrlStatus() < 200 || t.healthUrlStatus() >= 400)) {
      symptoms.add("health URL answers " + t.healthUrlStatus());
    }
    if (t.totalTargets() > 0 && t.healthyTargets() < t.totalTargets()) {
      symptoms.add(t.healthyTargets() + "/" + t.totalTargets() + " targets healthy");
    }
    if (t.errorRatePercent() != null && t.errorRatePercent() > a.maxErrorRatePercent()) {
      symptoms.add(
          String.format(
              Locale.ROOT,
              "5xx rate %.1f%% above %.1f%%",
              t.errorRatePercent(),
              a.maxErrorRatePercent()));
    }
    if (t.problems() != null) {
      for (String p : t.problems()) {
        if (p.toLowerCase(Locale.ROOT).contains("latency") || p.contains("p90")) {
          symptoms.add(p);
        }
      }
    }
    return symptoms;
  }

  private static Severity applicationSeverity(HealthReport t) {
    boolean down =
        t != null
            && ((t.totalTargets() > 0 && t.healthyTargets() == 0)
                || (t.healthUrlStatus() != null && t.healthUrlStatus() >= 500)
                || (t.errorRatePercent() != null
                    && t.errorRatePercent() >= OUTAGE_ERROR_RATE_PERCENT));
    return down ? Severity.SEV1 : Severity.SEV2;
  }

  /** Connections refused or timing out, the sync behind. */
  private static List<String> databaseSymptoms(Assessment a) {
    List<String> symptoms = new ArrayList<>();
    if (a.database() != null && !a.database().reachable()) {
      symptoms.add("database " + a.database().oneLine());
    }
    LogSummary logs = a.logs();
    if (logs != null && logs.patterns() != null) {
      int dbEvents = 0;
      String example = null;
      for (LogSummary.Pattern p : logs.patterns()) {
        if (DATABASE_ERROR.matcher(p.message().toLowerCase(Locale.ROOT)).find()) {
          dbEvents += p.count();
          example = example == null ? p.message() : example;
        }
      }
      if (dbEvents > 0) {
        symptoms.add(dbEvents + " database errors in the log, e.g. \"" + example + "\"");
      }
    }
    if (a.syncLagSeconds() != null && a.syncLagSeconds() > a.rpoMinutes() * 60L) {
      symptoms.add(
          "the sync is "
              + dev.drrunbooks.text.Durations.format(a.syncLagSeconds())
              + " behind, beyond the RPO of "
              + a.rpoMinutes()
              + " min");
    }
    return symptoms;
  }

  private static String failedTasks(ServiceState ecs) {
    int failed =
        ecs.deployments() == null
            ? 0
            : ecs.deployments().stream().mapToInt(ServiceState.Deployment::failedTasks).sum();
    return failed > 0 ? "; " + failed + " tasks failed to start" : "";
  }
}
