package dev.drrunbooks.runbook;

/** What a line of the checklist is. */
public enum StepKind {
  /** Work the runbook does: a check, a change, a wait. */
  STEP,
  /** A decision a person (or the profile's policy) makes through the {@code approve} update. */
  GATE,
  /**
   * An undo registered before a risky write; it runs only if the run fails, is aborted, rejected or
   * canceled, and is skipped when the run completes.
   */
  CLEANUP
}
