package dev.drrunbooks.service;

import dev.drrunbooks.profile.ServiceProfile;

/**
 * The public name and how it is moved. {@code ref} routes the call (real AWS or the sandbox);
 * {@code home} is where the name points when all is well (the sandbox seeds its zone with it). With
 * {@code routingControl} the name is a Route 53 failover pair driven by Application Recovery
 * Controller routing controls: reading it means reading which control is On, and moving it to
 * {@code away} means turning the standby's control On and the primary's Off, not rewriting a
 * record.
 */
public record DnsQuery(
    ServiceRef ref,
    String hostedZoneId,
    String recordName,
    DnsTarget home,
    DnsTarget away,
    ServiceProfile.Failover.RoutingControl routingControl) {

  /** A plain record (CNAME, or an alias A record). */
  public DnsQuery(ServiceRef ref, String hostedZoneId, String recordName, DnsTarget home) {
    this(ref, hostedZoneId, recordName, home, null, null);
  }
}
