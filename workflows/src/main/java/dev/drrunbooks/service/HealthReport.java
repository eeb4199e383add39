package dev.drrunbooks.service;

import java.util.List;

/** Result of the health checks; {@code problems} is empty exactly when the service is healthy. */
public record HealthReport(
    int runningCount,
    int desiredCount,
    int healthyTargets,
    int totalTargets,
    Integer healthUrlStatus,
    Double errorRatePercent,
    List<String> problems) {

  public boolean healthy() {
    return problems == null || problems.isEmpty();
  }

  /** The numbers behind the verdict, for the step's evidence. */
  public java.util.Map<String, String> evidence() {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("healthy", String.valueOf(healthy()));
    facts.put("running", runningCount + "/" + desiredCount);
    facts.put("targetsHealthy", healthyTargets + "/" + totalTargets);
    facts.put("healthUrlStatus", healthUrlStatus == null ? "n/a" : healthUrlStatus.toString());
    facts.put(
        "errorRatePercent",
        errorRatePercent == null ? "n/a" : String.format("%.2f", errorRatePercent));
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
    return healthy()
        ? "healthy: " + base
        : "UNHEALTHY (" + String.join("; ", problems) + "): " + base;
  }
}
