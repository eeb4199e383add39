package dev.drrunbooks.runbook;

/** Where one step of a runbook stands. */
public enum StepStatus {
  PENDING("[ ]"),
  RUNNING("[>]"),
  WAITING_FOR_APPROVAL("[?]"),
  DONE("[x]"),
  FAILED("[!]"),
  SKIPPED("[-]"),
  /** The run was canceled while this step ran or waited. */
  CANCELED("[~]");

  private final String mark;

  StepStatus(String mark) {
    this.mark = mark;
  }

  /** A fixed-width mark for checklists in the terminal and in Markdown. */
  public String mark() {
    return mark;
  }

  public boolean finished() {
    return this == DONE || this == SKIPPED || this == CANCELED;
  }
}
