package dev.drrunbooks.service;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;

/** Which ECS service an activity acts on, and where: enough to route to AWS or the sandbox. */
public record ServiceRef(Target target, String region, String cluster, String service) {

  public static ServiceRef primary(ServiceProfile profile) {
    return new ServiceRef(
        profile.target(),
        profile.regions().primary(),
        profile.ecs().cluster(),
        profile.ecs().service());
  }

  /** The same service's standby copy, in the standby region (plan 3.3). */
  public static ServiceRef standby(ServiceProfile profile) {
    return new ServiceRef(
        profile.target(),
        profile.regions().standby(),
        profile.failover().standby().cluster(),
        profile.failover().standby().service());
  }

  /**
   * The protected resource, independent of the profile that names it: two profiles naming the same
   * ECS service share this key, so they cannot run two recoveries of it at once.
   */
  public String lockKey() {
    return target.name().toLowerCase() + "/" + region + "/" + cluster + "/" + service;
  }

  @Override
  public String toString() {
    return cluster + "/" + service + " (" + target.name().toLowerCase() + ", " + region + ")";
  }
}
