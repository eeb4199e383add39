package dev.drrunbooks.activities.platform;

import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.ServiceRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Routes a call to the platform named by the service reference. The sandbox never reaches the AWS
 * factory, so a run against a sandbox profile cannot call AWS.
 */
public final class Platforms {

  private final ServicePlatform sandbox;
  private final Function<String, ServicePlatform> awsForRegion;
  private final Map<String, ServicePlatform> awsByRegion = new ConcurrentHashMap<>();

  public Platforms(ServicePlatform sandbox, Function<String, ServicePlatform> awsForRegion) {
    this.sandbox = sandbox;
    this.awsForRegion = awsForRegion;
  }

  public ServicePlatform of(ServiceRef ref) {
    if (ref.target() == Target.SANDBOX) {
      return sandbox;
    }
    return awsByRegion.computeIfAbsent(ref.region(), awsForRegion);
  }
}
