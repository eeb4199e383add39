package dev.drrunbooks.activities.capability;

import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.ServiceRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Routes each capability call to where the service runs: real AWS (clients per region, built on
 * first use) or the sandbox. A sandbox reference never reaches the AWS factory, so a run against a
 * sandbox profile cannot call AWS. Later capabilities (DNS, backups, database, secrets, Gitee,
 * Notion) join {@link Set} the same way.
 */
public final class Capabilities {

  /** One implementation of each capability, for one place. */
  public record Set(
      EcsServices ecs,
      LogSearch logs,
      HealthSignals health,
      DnsZone dns,
      Databases databases,
      RoutingControls routing,
      ObjectStore objects,
      DatabaseSecrets secrets,
      SqlDatabases sql) {}

  private final Set sandbox;
  private final Function<String, Set> awsForRegion;
  private final Map<String, Set> awsByRegion = new ConcurrentHashMap<>();

  public Capabilities(Set sandbox, Function<String, Set> awsForRegion) {
    this.sandbox = sandbox;
    this.awsForRegion = awsForRegion;
  }

  public EcsServices ecs(ServiceRef ref) {
    return of(ref).ecs();
  }

  public LogSearch logs(ServiceRef ref) {
    return of(ref).logs();
  }

  public HealthSignals health(ServiceRef ref) {
    return of(ref).health();
  }

  public Databases databases(ServiceRef ref) {
    return of(ref).databases();
  }

  /** ARC's cluster is global too: its endpoints are in the profile. */
  public RoutingControls routing(ServiceRef ref) {
    return of(ref).routing();
  }

  public ObjectStore objects(ServiceRef ref) {
    return of(ref).objects();
  }

  public DatabaseSecrets secrets(ServiceRef ref) {
    return of(ref).secrets();
  }

  public SqlDatabases sql(ServiceRef ref) {
    return of(ref).sql();
  }

  /** Route 53 is global: any region's set reaches it. */
  public DnsZone dns(ServiceRef ref) {
    return of(ref).dns();
  }

  private Set of(ServiceRef ref) {
    if (ref.target() == Target.SANDBOX) {
      return sandbox;
    }
    return awsByRegion.computeIfAbsent(ref.region(), awsForRegion);
  }
}
