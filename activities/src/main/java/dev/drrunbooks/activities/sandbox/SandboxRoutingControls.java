package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.RoutingControls;
import dev.drrunbooks.profile.ServiceProfile;
import java.util.Map;

/** The sandbox's routing controls: a switch takes effect at once, as ARC's do. */
final class SandboxRoutingControls implements RoutingControls {

  private final SandboxWorld world;

  SandboxRoutingControls(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public Map<String, String> states(ServiceProfile.Failover.RoutingControl config) {
    return world.network().routingStates(config);
  }

  @Override
  public void set(ServiceProfile.Failover.RoutingControl config, Map<String, String> states) {
    world.network().routingStates(config);
    world.network().setRouting(states);
  }
}
