package dev.drrunbooks.activities.platform;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DnsZone;
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

  public DnsRecordsImpl(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public DnsTarget readRecord(DnsQuery query) {
    if (query.routingControl() != null) {
      return serving(query, routing(query).states(query.routingControl()));
    }
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
    if (record.routingControl() != null) {
      return switchControls(record, before, command.to());
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
    if (changeId.startsWith(ARC_CHANGE)) {
      // "arc/<side>": in sync once that side's control reads On and the other's Off.
      boolean toStandby = changeId.substring(ARC_CHANGE.length()).startsWith("standby");
      DnsTarget now = readRecord(record);
      return now.sameDestination(toStandby ? record.away() : record.home()) ? "INSYNC" : "PENDING";
    }
    return zone(record).changeStatus(changeId);
  }

  // --- ARC routing controls ------------------------------------------------------------------

  private static final String ARC_CHANGE = "arc/";

  /** The primary's control On serves home; else the standby's On serves away; else nobody. */
  private static DnsTarget serving(DnsQuery query, java.util.Map<String, String> states) {
    var rc = query.routingControl();
    if ("On".equals(states.get(rc.primaryControlArn()))) {
      return query.home();
    }
    if ("On".equals(states.get(rc.standbyControlArn()))) {
      return query.away();
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "both routing controls of "
            + query.recordName()
            + " are Off: the name sends users nowhere ("
            + states
            + ")",
        RECORD_NOT_FOUND);
  }

  /** One request sets the target's control On and the other Off: ARC's safety rules see both. */
  private DnsChange switchControls(DnsQuery record, DnsTarget before, DnsTarget to) {
    var rc = record.routingControl();
    boolean toStandby = to.sameDestination(record.away());
    if (!toStandby && !to.sameDestination(record.home())) {
      throw ApplicationFailure.newNonRetryableFailure(
          to.oneLine() + " is neither side of the routing controls of " + record.recordName(),
          dev.drrunbooks.runbook.FailureTypes.INVALID_INPUT);
    }
    java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
    states.put(toStandby ? rc.standbyControlArn() : rc.primaryControlArn(), "On");
    states.put(toStandby ? rc.primaryControlArn() : rc.standbyControlArn(), "Off");
    log.info("ARC UpdateRoutingControlStates for {}: {}", record.recordName(), states);
    routing(record).set(rc, states);
    return new DnsChange(true, before, to, ARC_CHANGE + (toStandby ? "standby" : "primary"));
  }

  private dev.drrunbooks.activities.capability.RoutingControls routing(DnsQuery query) {
    return capabilities.routing(query.ref());
  }

  private DnsZone zone(DnsQuery query) {
    DnsZone zone = capabilities.dns(query.ref());
    if (query.home() != null) {
      zone.knowHome(query.hostedZoneId(), query.recordName(), query.home());
    }
    return zone;
  }
}
