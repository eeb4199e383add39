package dev.drrunbooks.incident;

import java.time.Instant;

/** A later report of the same service that joined the open incident: who, what, when. */
public record JoinedReport(Trigger trigger, String requestedBy, String reason, Instant at) {

  /** E.g. {@code 03:05 dev-lead: alert health-check-failed from cloudwatch: pager fired}. */
  public String oneLine() {
    return at
        + " "
        + (requestedBy == null ? "unknown" : requestedBy)
        + ": "
        + (trigger == null ? Trigger.MANUAL : trigger.oneLine())
        + (reason == null ? "" : ": " + reason);
  }
}
