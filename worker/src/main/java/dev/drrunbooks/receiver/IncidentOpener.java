package dev.drrunbooks.receiver;

import dev.drrunbooks.incident.IncidentRequest;

/** Opens a service's incident or adds to the open one; records a resolved alert on it. */
interface IncidentOpener {

  /** What happened to one alert. */
  record Outcome(String workflowId, boolean joined) {}

  /**
   * Signal-with-start of the incident's {@code alert}: opens it, or joins the open one.
   *
   * @throws UnknownServiceException when no profile names the service
   */
  Outcome open(IncidentRequest request);

  /** Tells the open incident its alert stopped firing; false when none is open. */
  boolean recordResolved(IncidentRequest request);

  /** No profile for the service an alert names: a routing mistake, not a transient error. */
  final class UnknownServiceException extends RuntimeException {
    public UnknownServiceException(String message) {
      super(message);
    }
  }
}
