package dev.drrunbooks.receiver;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.text.Untrusted;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate decided from a chat, once the platform's signature has proved who clicked. The receiver
 * decides nothing about who may approve: it sends the {@code approve} update to the one run the
 * button names (workflow id and run id) with the chat, the clicking user's ids and the button's
 * one-time ticket, and the run maps the user to one of its approvers with its own profile and takes
 * the ticket only for the gate opening it issued it for, once. So a button of one service's run can
 * decide no other run, and a click replayed to any receiver replica decides nothing twice.
 */
final class ChatApprovals {

  /** The button a gate notification carries: approve or reject. */
  public static final String APPROVE = "runbook-approve";

  public static final String REJECT = "runbook-reject";

  private static final Logger log = LoggerFactory.getLogger(ChatApprovals.class);

  /** Sends the approve update to one run, as the CLI does, and says how the run answered. */
  public interface GateApprover {
    /**
     * @throws Refused when the run refuses the decision, has ended, or cannot be reached
     */
    ApprovalRecord approve(String workflowId, String runId, ApprovalRequest request);
  }

  /** The decision was not taken: the status to answer with and why, for the person who clicked. */
  public static final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * A click on a gate button, its signature already verified. {@code userIds}: the clicking user's
   * ids in that chat, the primary first (Feishu gives an app's open_id and the tenant's user_id).
   * {@code workflowId}, {@code runId}, {@code gate} and {@code ticket} are what the button carried.
   */
  public record Click(
      String chat,
      List<String> userIds,
      String workflowId,
      String runId,
      String gate,
      String ticket,
      ApprovalRequest.Decision decision) {}

  /** What the clicking user is told; {@code status} 200 when the run took the decision. */
  public record Outcome(int status, String text) {}

  private final GateApprover approver;

  public ChatApprovals(GateApprover approver) {
    this.approver = approver;
  }

  /** The decision a button's action id stands for, or null when it is not a gate button. */
  public static ApprovalRequest.Decision decisionOf(String action) {
    if (APPROVE.equals(action)) {
      return ApprovalRequest.Decision.APPROVE;
    }
    return REJECT.equals(action) ? ApprovalRequest.Decision.REJECT : null;
  }

  public Outcome decide(Click click) {
    List<String> ids =
        click.userIds() == null
            ? List.of()
            : click.userIds().stream().filter(id -> !blank(id)).toList();
    if (ids.isEmpty()) {
      return new Outcome(400, "the callback names no user");
    }
    if (blank(click.workflowId())
        || blank(click.runId())
        || blank(click.gate())
        || blank(click.ticket())) {
      return new Outcome(400, "not a gate button of dr-runbooks");
    }
    String who = click.chat() + " user " + String.join("/", ids);
    try {
      ApprovalRecord r =
          approver.approve(
              click.workflowId(),
              click.runId(),
              ApprovalRequest.chatClick(
                  click.gate(), click.decision(), click.chat(), ids, click.ticket()));
      log.info(
          "{} ({}) {} gate {} of {}",
          r.approver(),
          who,
          r.decision(),
          click.gate(),
          click.workflowId());
      return new Outcome(
          200,
          (r.decision() == ApprovalRequest.Decision.APPROVE ? "Approved" : "Rejected")
              + " gate "
              + r.gate()
              + " of "
              + click.workflowId()
              + " as "
              + r.approver());
    } catch (Refused refused) {
      log.warn(
          "{} tried to decide gate {} of {}: {}",
          who,
          click.gate(),
          click.workflowId(),
          refused.getMessage());
      return new Outcome(refused.status(), "Not done: " + Untrusted.line(refused.getMessage()));
    }
  }

  /**
   * Why a callback's timestamp header is refused, or null when it is within {@code maxAge} of
   * {@code now} (both in the header's unit): missing, unreadable, or too old, which is how a
   * captured callback replayed later is told apart.
   */
  static String staleness(String header, String headerName, long now, long maxAge) {
    long ts;
    try {
      ts = Long.parseLong(header == null ? "" : header.trim());
    } catch (NumberFormatException e) {
      return "no " + headerName;
    }
    return Math.abs(now - ts) > maxAge ? "stale or replayed callback (timestamp " + ts + ")" : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
