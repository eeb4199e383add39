package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.DnsTarget;

/** A hosted zone's records: Route 53, or the sandbox's simulated zone. */
public interface DnsZone {

  /** The record's CNAME or A (alias) value; null when the zone has no such record. */
  DnsTarget read(String hostedZoneId, String recordName);

  /** UPSERT the record; returns the change id to poll. */
  String upsert(String hostedZoneId, String recordName, DnsTarget target, String comment);

  /** {@code PENDING} or {@code INSYNC}. */
  String changeStatus(String changeId);

  /**
   * Where the record points when nobody changed it (the profile's primary): a simulated zone starts
   * from it; a real one has its own record and ignores this.
   */
  default void knowHome(String hostedZoneId, String recordName, DnsTarget home) {}
}
