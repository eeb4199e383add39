package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.ServiceRef;
import java.time.Duration;
import java.util.Map;

/**
 * The health capability in the sandbox: targets, 5xx rate and health URL of the simulated tasks.
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
  public Double errorRatePercent(
      ServiceRef ref, String loadBalancerArnSuffix, String targetGroupArnSuffix, Duration window) {
    return world.errorRatePercent(ref, loadBalancerArnSuffix, targetGroupArnSuffix, window);
  }

  @Override
  public int probe(ServiceRef ref, String url) {
    return world.probe(ref, url);
  }
}
