package dev.drrunbooks.activities.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated ECS service: its deployments, each starting its tasks over the deploy time, and the
 * history of every deployment for the metrics that still hold the minutes before a change.
 */
final class SimService {

  /** A line the service wrote to its log. */
  record LogLine(long at, String stream, String message) {}

  private final Duration deployTime;
  private final SandboxStorage storage;

  String family;
  int desired;
  int deploymentSeq;
  final List<SimDeployment> deployments = new ArrayList<>();

  /** Every deployment ever made, with the moment it appeared, for the metrics' history. */
  final List<SimDeployment> history = new ArrayList<>();

  final List<LogLine> logs = new ArrayList<>();

  void deploy(SimDeployment d) {
    d.env = storage.serviceEnv();
    deployments.add(d);
    history.add(d);
  }

  /**
   * The env file the service's tasks run with at {@code t}: the one read by the newest deployment
   * whose tasks had all started by then (a database setting changes with a redeploy, not before).
   */
  Map<String, String> envAt(long t) {
    Map<String, String> env = null;
    for (SimDeployment d : history) {
      if (d.visibleFrom <= t && d.startedAt + deployTime.toMillis() <= t) {
        env = d.env;
      }
    }
    return env;
  }

  /**
   * Share of the tasks running a bad revision at {@code t}: the deployment newest at that time had
   * started its share of the tasks, the one before it ran the rest.
   */
  double badShareAt(long t) {
    SimDeployment current = null;
    SimDeployment previous = null;
    for (SimDeployment d : history) {
      if (d.visibleFrom <= t) {
        previous = current;
        current = d;
      }
    }
    if (current == null || desired <= 0) {
      return 0;
    }
    double started =
        Math.min(
            1.0,
            Math.max(0, (t - current.startedAt)) / (double) Math.max(1, deployTime.toMillis()));
    double bad = started * (current.revision == SandboxWorld.BAD_REVISION ? 1 : 0);
    if (previous != null && previous.revision == SandboxWorld.BAD_REVISION) {
      bad += 1 - started;
    }
    return bad;
  }

  SimService(String family, int desired, Duration deployTime, SandboxStorage storage) {
    this.family = family;
    this.desired = desired;
    this.deployTime = deployTime;
    this.storage = storage;
  }

  String nextDeploymentId() {
    return "ecs-svc/" + (++deploymentSeq);
  }

  SimDeployment primary() {
    return deployments.get(deployments.size() - 1);
  }

  /**
   * New tasks start one by one over the deploy time; for each one that starts, ECS stops one task
   * of the older deployments.
   */
  Map<SimDeployment, Integer> runningCounts(long now) {
    Map<SimDeployment, Integer> counts = new LinkedHashMap<>();
    int started = primary().started(now, desired);
    int oldLeft = Math.max(0, desired - started);
    for (int i = deployments.size() - 2; i >= 0; i--) {
      counts.put(deployments.get(i), oldLeft);
      oldLeft = 0;
    }
    counts.put(primary(), started);
    return counts;
  }

  /** Once the newest deployment has rolled out, ECS drains the older ones. */
  void settle(long now) {
    if (primary().rolledOut(now, desired)) {
      SimDeployment p = primary();
      deployments.clear();
      deployments.add(p);
    }
  }
}
