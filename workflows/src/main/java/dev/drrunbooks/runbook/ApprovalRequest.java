package dev.drrunbooks.runbook;

/**
 * Input of the {@code approve} update: one JSON object, e.g. {@code {"gate":"approve-rollback",
 * "approver":"ops-lead","decision":"APPROVE","comment":"error rate 40%, go"}}. A missing decision
 * means APPROVE.
 */
public record ApprovalRequest(String gate, String approver, Decision decision, String comment) {

  public enum Decision {
    APPROVE,
    REJECT
  }

  public Decision decisionOrDefault() {
    return decision == null ? Decision.APPROVE : decision;
  }
}
