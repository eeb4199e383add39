package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.TrafficDatapoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health capability in the sandbox: targets, traffic metrics and health URL of the simulated
 * tasks.
 */
final class SandboxHealthSignals implements HealthSignals {

  private final SandboxWorld world;

  private static final double BAD_ERROR_SHARE = 0.45;

  private static final double GOOD_ERROR_SHARE = 0.002;

  /** p90 response times: the bad release is slow too (plan: "performance threshold exceeded"). */
  private static final double BAD_P90_MILLIS = 2400;

  private static final double GOOD_P90_MILLIS = 180;

  SandboxHealthSignals(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public Instant now() {
    return world.clock().instant();
  }

  @Override
  public List<TrafficDatapoint> traffic(
      ServiceRef ref,
      String loadBalancerArnSuffix,
      String targetGroupArnSuffix,
      Instant from,
      Instant to,
      int periodSeconds) {
    return simulatedTraffic(ref, from, to, periodSeconds);
  }

  @Override
  public Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn) {
    SimService s = world.existing(ref);
    Map<String, String> targets = new LinkedHashMap<>();
    synchronized (s) {
      s.settle(world.now());
      int n = 0;
      Map<SimDeployment, Integer> counts = s.runningCounts(world.now());
      for (SimDeployment d : s.deployments) {
        int running = counts.get(d);
        for (int i = 0; i < running; i++) {
          targets.put(
              "10.0." + d.revision + "." + (++n) + ":8080",
              d.revision == SandboxWorld.BAD_REVISION ? "unhealthy" : "healthy");
        }
      }
    }
    return targets;
  }

  /**
   * What CloudWatch would hold for the target group: one datapoint per whole period in {@code
   * [from, to)} that has ended, computed second by second from the tasks each deployment ran at the
   * time. So a window still holds the minutes before a rollback until it moves past them.
   */
  private List<TrafficDatapoint> simulatedTraffic(
      ServiceRef ref, Instant from, Instant to, int periodSeconds) {
    SimService s = world.existing(ref);
    long periodMillis = Math.max(1, periodSeconds) * 1000L;
    long end = Math.min(to.toEpochMilli(), world.now());
    List<TrafficDatapoint> points = new ArrayList<>();
    synchronized (s) {
      for (long start = from.toEpochMilli(); start + periodMillis <= end; start += periodMillis) {
        double requests = 0;
        double errors = 0;
        double slow = 0;
        for (long t = start; t < start + periodMillis; t += 1000) {
          double bad = s.badShareAt(t);
          requests += world.requestsPerSecond();
          errors +=
              world.requestsPerSecond() * (bad * BAD_ERROR_SHARE + (1 - bad) * GOOD_ERROR_SHARE);
          slow += world.requestsPerSecond() * bad;
        }
        if (requests > 0) {
          points.add(
              new TrafficDatapoint(
                  Instant.ofEpochMilli(start),
                  Math.floor(requests),
                  Math.floor(errors),
                  slow / requests > 0.10 ? BAD_P90_MILLIS : GOOD_P90_MILLIS));
        }
      }
    }
    return points;
  }

  @Override
  public int probe(ServiceRef ref, String url) {
    // Through the load balancer: any healthy target answers 200.
    return targetHealth(ref, null).containsValue("healthy") ? 200 : 503;
  }
}
