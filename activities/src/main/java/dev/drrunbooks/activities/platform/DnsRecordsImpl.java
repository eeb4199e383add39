package dev.drrunbooks.activities.platform;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DnsZone;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public name's record, through the DNS capability of wherever the service runs. */
public final class DnsRecordsImpl implements DnsRecords {

  private static final Logger log = LoggerFactory.getLogger(DnsRecordsImpl.class);

  private final Capabilities capabilities;
  private final SandboxWorld sandbox;

  public DnsRecordsImpl(Capabilities capabilities, SandboxWorld sandbox) {
    this.capabilities = capabilities;
    this.sandbox = sandbox;
  }

  @Override
  public DnsTarget readRecord(DnsQuery query) {
    DnsTarget target = zone(query).read(query.hostedZoneId(), query.recordName());
    if (target == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "hosted zone "
              + query.hostedZoneId()
              + " has no CNAME or alias A record "
              + query.recordName(),
          RECORD_NOT_FOUND);
    }
    return target;
  }

  @Override
  public DnsChange switchRecord(DnsSwitchCommand command) {
    DnsQuery record = command.record();
    DnsTarget before = readRecord(record);
    if (before.sameDestination(command.to())) {
      return new DnsChange(false, before, before, null);
    }
    log.info(
        "UPSERT {} in {}: {} -> {}",
        record.recordName(),
        record.hostedZoneId(),
        before.oneLine(),
        command.to().oneLine());
    String changeId =
        zone(record)
            .upsert(record.hostedZoneId(), record.recordName(), command.to(), command.reason());
    return new DnsChange(true, before, command.to(), changeId);
  }

  @Override
  public String changeStatus(DnsQuery record, String changeId) {
    return zone(record).changeStatus(changeId);
  }

  private DnsZone zone(DnsQuery query) {
    if (sandbox != null
        && query.ref().target() == dev.drrunbooks.profile.ServiceProfile.Target.SANDBOX
        && query.home() != null) {
      sandbox.seedRecord(query.hostedZoneId(), query.recordName(), query.home());
    }
    return capabilities.dns(query.ref());
  }
}
