package dev.drrunbooks.service;

import java.util.List;

/** What ECS says about the service right now (DescribeServices). */
public record ServiceState(
    String status,
    String taskDefinitionArn,
    int revision,
    int desiredCount,
    int runningCount,
    int pendingCount,
    List<Deployment> deployments) {

  /** One entry of the service's deployments list. */
  public record Deployment(
      String id,
      String status,
      String taskDefinitionArn,
      int revision,
      String rolloutState,
      int desiredCount,
      int runningCount,
      int failedTasks) {}

  /**
   * Steady means a single deployment that finished rolling out with every desired task running:
   * what {@code aws ecs wait services-stable} waits for.
   */
  public boolean steady() {
    if (deployments == null || deployments.size() != 1) {
      return false;
    }
    Deployment only = deployments.get(0);
    boolean rolledOut = only.rolloutState() == null || "COMPLETED".equals(only.rolloutState());
    return rolledOut && runningCount == desiredCount && desiredCount > 0;
  }

  /**
   * Steady, and on the revision a change deployed: right after UpdateService, DescribeServices can
   * still show the old deployment alone, settled, which is not the change having rolled out.
   */
  public boolean steadyOn(String family, int revision) {
    if (!steady()) {
      return false;
    }
    Deployment only = deployments.get(0);
    String arn = only.taskDefinitionArn();
    return only.revision() == revision
        && (family == null || arn == null || arn.endsWith("/" + family + ":" + revision));
  }

  /** The newest deployment (status PRIMARY), or null. */
  public Deployment primary() {
    return deployments == null
        ? null
        : deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
  }

  /** Every task the newest deployment wants runs: what is left is draining the old ones. */
  public boolean primaryAllRunning() {
    Deployment p = primary();
    return p != null && p.desiredCount() > 0 && p.runningCount() >= p.desiredCount();
  }

  /** True when ECS's deployment circuit breaker gave up on the newest deployment. */
  public boolean rolloutFailed() {
    return deployments != null
        && deployments.stream()
            .anyMatch(d -> "PRIMARY".equals(d.status()) && "FAILED".equals(d.rolloutState()));
  }

  /** The numbers behind the one-line summary, for the step's evidence. */
  public java.util.Map<String, String> evidence() {
    return java.util.Map.of(
        "revision", String.valueOf(revision),
        "running", runningCount + "/" + desiredCount,
        "deployments", String.valueOf(deployments == null ? 0 : deployments.size()));
  }

  public String oneLine() {
    String rollout =
        deployments == null || deployments.isEmpty()
            ? "no deployment"
            : deployments.size() + " deployment(s), primary " + primaryRollout();
    return "revision "
        + revision
        + ", "
        + runningCount
        + "/"
        + desiredCount
        + " running, "
        + rollout;
  }

  private String primaryRollout() {
    return deployments.stream()
        .filter(d -> "PRIMARY".equals(d.status()))
        .findFirst()
        .map(d -> ":" + d.revision() + " " + (d.rolloutState() == null ? "?" : d.rolloutState()))
        .orElse("none");
  }
}
