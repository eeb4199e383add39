package dev.drrunbooks.service;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Failover.DnsSwitch;

/** Where the public name points in each region, as the profile's failover section says. */
public final class Failovers {

  private Failovers() {}

  /** The public name's record, as the profile declares it. */
  public static DnsQuery record(ServiceProfile profile) {
    return new DnsQuery(
        ServiceRef.primary(profile),
        profile.dns().hostedZoneId(),
        profile.dns().recordName(),
        home(profile),
        standbyTarget(profile),
        profile.failover().routingControl());
  }

  /** Where the name points when all is well: the primary's load balancer. */
  public static DnsTarget home(ServiceProfile profile) {
    DnsSwitch d = profile.failover().dns();
    return DnsSwitch.ALIAS.equals(d.recordType())
        ? DnsTarget.alias(d.primaryLoadBalancerDnsName(), d.primaryLoadBalancerHostedZoneId())
        : DnsTarget.cname(d.primaryLoadBalancerDnsName(), d.ttlSeconds());
  }

  /** Where a failover points it: the standby's load balancer. */
  public static DnsTarget standbyTarget(ServiceProfile profile) {
    DnsSwitch d = profile.failover().dns();
    ServiceProfile.Failover.Standby s = profile.failover().standby();
    return DnsSwitch.ALIAS.equals(d.recordType())
        ? DnsTarget.alias(s.loadBalancerDnsName(), s.loadBalancerHostedZoneId())
        : DnsTarget.cname(s.loadBalancerDnsName(), d.ttlSeconds());
  }
}
