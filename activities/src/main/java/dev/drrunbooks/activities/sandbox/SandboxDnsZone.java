package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.DnsZone;
import dev.drrunbooks.service.DnsTarget;

/** The sandbox's hosted zone: a change is PENDING for a third of a deployment, then INSYNC. */
final class SandboxDnsZone implements DnsZone {

  private final SandboxWorld world;

  SandboxDnsZone(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public DnsTarget read(String hostedZoneId, String recordName) {
    return world.network().readRecord(hostedZoneId, recordName);
  }

  @Override
  public String upsert(String hostedZoneId, String recordName, DnsTarget target, String comment) {
    return world.network().upsertRecord(hostedZoneId, recordName, target);
  }

  @Override
  public String changeStatus(String changeId) {
    return world.network().changeStatus(changeId);
  }

  @Override
  public void knowHome(String hostedZoneId, String recordName, DnsTarget home) {
    world.network().seedRecord(hostedZoneId, recordName, home);
  }
}
