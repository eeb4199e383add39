package dev.drrunbooks.failover;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Failover.DnsSwitch;
import dev.drrunbooks.service.DnsTarget;

/** Where the public name points in each region, as the profile's failover section says. */
public final class Failovers {

  private Failovers() {}

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
