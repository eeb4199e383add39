package dev.drrunbooks.failover;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code RegionFailover}: one JSON object, e.g. {@code
 * {"service":"gitee-notion-sync","incidentId":"INC-42","reason":"ap-southeast-1 ECS outage"}}.
 *
 * @param service the service profile's name; its {@code failover} section names the standby
 * @param dryRun check readiness and report what would be done; start nothing, switch nothing
 * @param incidentId the incident this run belongs to, if any
 * @param requestedBy who or what started the run
 * @param detectedAt when the outage was detected (an alert's start): the RTO is measured from here
 * @param reason why the region is being left; shown first in the gate's question
 * @param dataBroughtHome failback only: the requester confirms that the data written in the standby
 *     region during the failover is in the primary's database again (after a failover that promoted
 *     the replica, failback refuses without it)
 */
public record RegionFailoverRequest(
    String service,
    boolean dryRun,
    String incidentId,
    String requestedBy,
    Instant detectedAt,
    String reason,
    boolean dataBroughtHome)
    implements RunbookRequest {

  public RegionFailoverRequest(
      String service,
      boolean dryRun,
      String incidentId,
      String requestedBy,
      Instant detectedAt,
      String reason) {
    this(service, dryRun, incidentId, requestedBy, detectedAt, reason, false);
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>(RunbookRequest.commonProblems(this));
    if (reason != null && (reason.length() > 500 || !dev.drrunbooks.text.Untrusted.clean(reason))) {
      problems.add("reason must be one line of at most 500 characters");
    }
    return problems;
  }
}
