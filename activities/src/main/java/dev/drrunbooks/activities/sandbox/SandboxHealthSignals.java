package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.TrafficDatapoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The health capability in the sandbox: targets, traffic metrics and health URL of the simulated
 * tasks.
 */
final class SandboxHealthSignals implements HealthSignals {

  private final SandboxWorld world;

  SandboxHealthSignals(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn) {
    return world.targetHealth(ref, targetGroupArn);
  }

  @Override
  public Instant now() {
    return world.instant();
  }

  @Override
  public List<TrafficDatapoint> traffic(
      ServiceRef ref,
      String loadBalancerArnSuffix,
      String targetGroupArnSuffix,
      Instant from,
      Instant to,
      int periodSeconds) {
    return world.traffic(ref, from, to, periodSeconds);
  }

  @Override
  public int probe(ServiceRef ref, String url) {
    return world.probe(ref, url);
  }
}
