package dev.drrunbooks.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A health verdict with its evidence. {@code problems} are what is wrong; {@code pending} is what
 * cannot be judged yet (no whole metric period since the rollout, too few requests). Healthy means
 * neither: nothing wrong and everything judged.
 *
 * @param windowStart start of the traffic window judged; null when traffic was not looked at
 * @param windowEnd end of that window (the last whole metric period)
 * @param requests requests served in the window
 * @param latencyP90Millis the worst per-period p90 response time in the window
 */
public record HealthReport(
    int runningCount,
    int desiredCount,
    int healthyTargets,
    int totalTargets,
    Integer healthUrlStatus,
    Double errorRatePercent,
    List<String> problems,
    List<String> pending,
    Instant windowStart,
    Instant windowEnd,
    Long requests,
    Double latencyP90Millis) {

  /** What a health check concluded. */
  public enum Verdict {
    HEALTHY,
    UNHEALTHY,
    /** Nothing wrong seen, but not everything could be judged yet. */
    NOT_ENOUGH_DATA
  }

  /** A report without a traffic window, as runs recorded before windows produced. */
  public HealthReport(
      int runningCount,
      int desiredCount,
      int healthyTargets,
      int totalTargets,
      Integer healthUrlStatus,
      Double errorRatePercent,
      List<String> problems) {
    this(
        runningCount,
        desiredCount,
        healthyTargets,
        totalTargets,
        healthUrlStatus,
        errorRatePercent,
        problems,
        List.of(),
        null,
        null,
        null,
        null);
  }

  public Verdict verdict() {
    if (problems != null && !problems.isEmpty()) {
      return Verdict.UNHEALTHY;
    }
    return pending != null && !pending.isEmpty() ? Verdict.NOT_ENOUGH_DATA : Verdict.HEALTHY;
  }

  public boolean healthy() {
    return verdict() == Verdict.HEALTHY;
  }

  /** True when the checks found something wrong (not merely something unknown). */
  public boolean unhealthy() {
    return verdict() == Verdict.UNHEALTHY;
  }

  /** The numbers behind the verdict, for the step's evidence. */
  public Map<String, String> evidence() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("healthy", String.valueOf(healthy()));
    if (verdict() != Verdict.HEALTHY) {
      facts.put("verdict", verdict().name());
    }
    facts.put("running", runningCount + "/" + desiredCount);
    facts.put("targetsHealthy", healthyTargets + "/" + totalTargets);
    facts.put("healthUrlStatus", healthUrlStatus == null ? "n/a" : healthUrlStatus.toString());
    facts.put(
        "errorRatePercent",
        errorRatePercent == null ? "n/a" : String.format("%.2f", errorRatePercent));
    if (windowStart != null) {
      facts.put("trafficWindow", windowStart + " .. " + windowEnd);
      facts.put("requests", requests == null ? "0" : requests.toString());
      facts.put(
          "latencyP90Millis",
          latencyP90Millis == null ? "n/a" : String.format("%.0f", latencyP90Millis));
    }
    return facts;
  }

  public String oneLine() {
    String rate = errorRatePercent == null ? "n/a" : String.format("%.2f%%", errorRatePercent);
    String base =
        runningCount
            + "/"
            + desiredCount
            + " running, "
            + healthyTargets
            + "/"
            + totalTargets
            + " targets healthy, health URL "
            + (healthUrlStatus == null ? "n/a" : healthUrlStatus)
            + ", 5xx rate "
            + rate;
    if (windowStart != null) {
      base +=
          (latencyP90Millis == null ? "" : String.format(", p90 %.0f ms", latencyP90Millis))
              + " over "
              + (requests == null ? 0 : requests)
              + " requests since "
              + windowStart;
    }
    return switch (verdict()) {
      case HEALTHY -> "healthy: " + base;
      case UNHEALTHY -> "UNHEALTHY (" + String.join("; ", problems) + "): " + base;
      case NOT_ENOUGH_DATA -> "NOT ENOUGH DATA YET (" + String.join("; ", pending) + "): " + base;
    };
  }
}
