package dev.drrunbooks.validation;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.List;

/**
 * Input of {@code Validation}: one JSON object, e.g. {@code {"service":"sandbox"}}. Validation only
 * reads, so a dry run is the same run.
 *
 * @param service the service profile's name
 * @param incidentId the incident this validation belongs to, if any
 * @param requestedBy who or what asked: a person, or the procedure that recovered the service
 * @param detectedAt when the failure was detected, if known: the RTO clock of the recovery it
 *     validates
 * @param dryRun accepted for a uniform start; a validation changes nothing either way
 * @param trafficSince judge served traffic only from here (when the recovery's change completed),
 *     so the minutes before the change do not count; null judges the profile's usual window
 */
public record ValidationRequest(
    String service,
    String incidentId,
    String requestedBy,
    Instant detectedAt,
    boolean dryRun,
    Instant trafficSince)
    implements RunbookRequest {

  /** A validation of the service as it is now. */
  public static ValidationRequest now(String service, String requestedBy) {
    return new ValidationRequest(service, null, requestedBy, null, false, null);
  }

  @Override
  public List<String> problems() {
    return RunbookRequest.commonProblems(this);
  }
}
