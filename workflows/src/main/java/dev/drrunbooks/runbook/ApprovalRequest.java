package dev.drrunbooks.runbook;

import java.util.List;

/**
 * Input of the {@code approve} update: one JSON object, e.g. {@code {"gate":"approve-rollback",
 * "approver":"ops-lead","decision":"APPROVE","comment":"error rate 40%, go"}}. A missing decision
 * means APPROVE.
 *
 * <p>A decision from a chat button names no approver: it carries the chat ({@code slack}, {@code
 * feishu} or {@code dingtalk}), the ids the chat's signed callback gives for the user who clicked,
 * and the one-time {@code ticket} the run issued when the gate opened. The run itself maps the chat
 * user to an approver with its own profile, and takes a ticket only for the gate opening it was
 * issued for, once: a click replayed onto another run or on a gate decided already is refused.
 *
 * @param gate the gate decided; may be left out when one gate waits
 * @param approver who decides, one of the profile's approvers; not given from a chat
 * @param decision APPROVE (the default) or REJECT
 * @param comment why
 * @param via where the decision came from ({@code osUser@host} from the CLI)
 * @param chat the chat a button was clicked in; null for the CLI and the Temporal UI
 * @param chatUserIds the clicking user's ids in that chat, the primary first
 * @param ticket the gate opening's one-time ticket, as the button carried it
 */
public record ApprovalRequest(
    String gate,
    String approver,
    Decision decision,
    String comment,
    String via,
    String chat,
    List<String> chatUserIds,
    String ticket) {

  /** A decision typed by a person (CLI: {@code via} is {@code osUser@host}). */
  public ApprovalRequest(
      String gate, String approver, Decision decision, String comment, String via) {
    this(gate, approver, decision, comment, via, null, null, null);
  }

  /**
   * A decision without {@code via}: where it came from is unknown (the Temporal UI). The CLI sends
   * {@code via} as {@code osUser@host}, recorded beside the typed name, which is free text checked
   * only against the profile's approvers.
   */
  public ApprovalRequest(String gate, String approver, Decision decision, String comment) {
    this(gate, approver, decision, comment, null);
  }

  /** A button clicked in a chat: the run decides who the user is. */
  public static ApprovalRequest chatClick(
      String gate, Decision decision, String chat, List<String> userIds, String ticket) {
    return new ApprovalRequest(
        gate, null, decision, "from " + chat, null, chat, List.copyOf(userIds), ticket);
  }

  public enum Decision {
    APPROVE,
    REJECT
  }

  public Decision decisionOrDefault() {
    return decision == null ? Decision.APPROVE : decision;
  }

  /** Whether this decision comes from a chat button. */
  public boolean clickedInChat() {
    return chat != null;
  }
}
