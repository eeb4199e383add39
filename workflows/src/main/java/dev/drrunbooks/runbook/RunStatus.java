package dev.drrunbooks.runbook;

/**
 * Where a whole run stands. While it runs, the status is derived from its steps: waiting for an
 * operator while any failed step waits for a decision, waiting for approval while any gate waits
 * (even when other steps run meanwhile), running otherwise.
 */
public enum RunStatus {
  RUNNING,
  WAITING_FOR_APPROVAL,
  WAITING_FOR_OPERATOR,
  COMPLETED,
  FAILED,
  CANCELED,
  /**
   * The request could not be carried out as asked, and nothing was changed: bad input, an unknown
   * service, a refused or missing revision. Nobody is notified; the service is free again.
   */
  REFUSED;

  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == REFUSED;
  }
}
