package dev.drrunbooks.runbook;

/**
 * Input of the {@code approve} update: one JSON object, e.g. {@code {"gate":"approve-rollback",
 * "approver":"ops-lead","decision":"APPROVE","comment":"error rate 40%, go"}}. A missing decision
 * means APPROVE.
 */
public record ApprovalRequest(
    String gate, String approver, Decision decision, String comment, String via) {

  /**
   * A decision without {@code via}: where it came from is unknown (the Temporal UI). The CLI sends
   * {@code via} as {@code osUser@host}, recorded beside the typed name, which is free text checked
   * only against the profile's approvers.
   */
  public ApprovalRequest(String gate, String approver, Decision decision, String comment) {
    this(gate, approver, decision, comment, null);
  }

  public enum Decision {
    APPROVE,
    REJECT
  }

  public Decision decisionOrDefault() {
    return decision == null ? Decision.APPROVE : decision;
  }
}
