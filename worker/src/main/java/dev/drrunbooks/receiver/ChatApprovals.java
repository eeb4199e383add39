package dev.drrunbooks.receiver;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate decided from a chat, once the platform's signature has proved who clicked: the chat user
 * is looked up among the run's profile's approvers ({@code approverChatIds}), and only then is the
 * {@code approve} update sent, in that approver's name, with {@code <chat>:<user id>} as where it
 * came from. Every refusal is logged with the chat user, the gate and the run.
 */
public final class ChatApprovals {

  /** The button a gate notification carries: approve or reject. */
  public static final String APPROVE = "runbook-approve";

  public static final String REJECT = "runbook-reject";

  private static final Logger log = LoggerFactory.getLogger(ChatApprovals.class);

  /** Sends the approve update, as the CLI does. */
  public interface GateApprover {
    ApprovalRecord approve(String workflowId, ApprovalRequest request);
  }

  /**
   * A click on a gate button, its signature already verified. {@code userIds}: the clicking user's
   * ids in that chat, the primary first (Feishu gives an app's open_id and the tenant's user_id).
   */
  public record Click(
      String chat,
      java.util.List<String> userIds,
      String service,
      String workflowId,
      String gate,
      ApprovalRequest.Decision decision) {}

  /** What the clicking user is told; {@code status} 200 when the click was taken up. */
  public record Outcome(int status, String text) {}

  private final ProfileLoader profiles;
  private final GateApprover approver;

  public ChatApprovals(ProfileLoader profiles, GateApprover approver) {
    this.profiles = profiles;
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
    java.util.List<String> ids =
        click.userIds() == null
            ? java.util.List.of()
            : click.userIds().stream().filter(id -> !blank(id)).toList();
    if (ids.isEmpty()) {
      return new Outcome(400, "the callback names no user");
    }
    if (blank(click.service()) || blank(click.workflowId()) || blank(click.gate())) {
      return new Outcome(400, "not a gate button of dr-runbooks");
    }
    ServiceProfile profile;
    try {
      profile = profiles.load(click.service());
    } catch (ApplicationFailure unknown) {
      return new Outcome(400, unknown.getOriginalMessage());
    }
    String userId =
        ids.stream()
            .filter(id -> profile.approverForChatUser(click.chat(), id) != null)
            .findFirst()
            .orElse(null);
    if (userId == null) {
      log.warn(
          "{} user {} tried to decide gate {} of {}: not an approver",
          click.chat(),
          String.join("/", ids),
          click.gate(),
          click.workflowId());
      return new Outcome(
          403,
          click.chat()
              + " user "
              + String.join(" / ", ids)
              + " is not mapped to an approver of "
              + click.service()
              + " (approverChatIds)");
    }
    String name = profile.approverForChatUser(click.chat(), userId);
    String via = click.chat() + ":" + userId;
    try {
      ApprovalRecord r =
          approver.approve(
              click.workflowId(),
              new ApprovalRequest(
                  click.gate(), name, click.decision(), "from " + click.chat(), via));
      log.info(
          "{} {} gate {} of {} from {}", name, r.decision(), click.gate(), click.workflowId(), via);
      return new Outcome(
          200,
          (r.decision() == ApprovalRequest.Decision.APPROVE ? "Approved" : "Rejected")
              + " gate "
              + click.gate()
              + " of "
              + click.workflowId()
              + " as "
              + name);
    } catch (RuntimeException refused) {
      // The gate no longer waits, the run ended: say so to the person who clicked.
      return new Outcome(200, "Not done: " + rootMessage(refused));
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

  private static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner instanceof ApplicationFailure af ? af.getOriginalMessage() : inner.getMessage();
  }
}
