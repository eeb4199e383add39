package dev.drrunbooks.runbook;

/** Where a whole run stands; the two waiting states are the ones a person must act on. */
public enum RunStatus {
  RUNNING,
  WAITING_FOR_APPROVAL,
  WAITING_FOR_OPERATOR,
  COMPLETED,
  FAILED;

  public boolean finished() {
    return this == COMPLETED || this == FAILED;
  }
}
