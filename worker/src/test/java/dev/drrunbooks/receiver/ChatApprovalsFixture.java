package dev.drrunbooks.receiver;

import dev.drrunbooks.runbook.ApprovalRecord;
import java.time.Instant;
import java.util.List;

/**
 * Chat approvals whose approve update is recorded and answered as a run would: the run maps the
 * chat user with its own profile, so the fixture answers as the sandbox's profile maps its users.
 */
final class ChatApprovalsFixture {

  static final String RUN_ID = "3f0c3c8e-0000-4000-8000-00000000run1";
  static final String TICKET = "0b6f1c2a-0000-4000-8000-0000ticket01";

  private ChatApprovalsFixture() {}

  /**
   * Each decision the run takes is recorded as {@code <run> <gate> <decision> <approver>
   * <chat>:<user id>}; the run refuses another run id or ticket than the button's, and users the
   * sandbox profile does not map.
   */
  static ChatApprovals recording(List<String> sent, Instant now) {
    return new ChatApprovals(
        (id, runId, r) -> {
          if (!RUN_ID.equals(runId) || !TICKET.equals(r.ticket())) {
            throw new ChatApprovals.Refused(
                403, "this button was issued for another opening of gate " + r.gate());
          }
          String user =
              r.chatUserIds().stream()
                  .filter(u -> approverOf(u) != null)
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new ChatApprovals.Refused(
                              403,
                              r.chat()
                                  + " user "
                                  + String.join(" / ", r.chatUserIds())
                                  + " is not mapped to an approver of sandbox (approverChatIds)"));
          sent.add(
              String.join(
                  " ",
                  id,
                  r.gate(),
                  r.decisionOrDefault().name(),
                  approverOf(user),
                  r.chat() + ":" + user));
          return new ApprovalRecord(
              r.gate(), approverOf(user), r.decisionOrDefault(), r.comment(), now);
        });
  }

  private static String approverOf(String chatUser) {
    return switch (chatUser) {
      case "U0000OPSLEAD", "ou_0000opslead", "0000opslead" -> "ops-lead";
      case "U0000DEVLEAD", "ou_0000devlead", "0000devlead" -> "dev-lead";
      default -> null;
    };
  }

  /** The run refuses every update, as a run whose gate no longer waits does. */
  static ChatApprovals refusing(String why) {
    return new ChatApprovals(
        (id, runId, r) -> {
          throw new ChatApprovals.Refused(403, why);
        });
  }
}
