package dev.drrunbooks.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.runbook.ApprovalRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate decided from DingTalk (钉钉). A gate's card there carries Approve / Reject buttons that make
 * the clicking user send {@code runbook approve|reject <workflow id> <run id> <gate> <ticket>} to
 * the team's DingTalk robot (typing the same line works too); DingTalk delivers that message to
 * this endpoint as the robot's signed callback. It is taken only when
 *
 * <ul>
 *   <li>the {@code sign} header is Base64(HmacSHA256(key = the app secret, data = timestamp + "\n"
 *       + app secret)), compared in constant time;
 *   <li>the {@code timestamp} header (milliseconds) is within five minutes;
 *   <li>that signature has not been used before: DingTalk's signature does not cover the body, so
 *       each one is accepted once, and a replay with another body is refused.
 * </ul>
 *
 * The run the line names decides whether the sender's {@code senderStaffId} is one of its
 * approvers' {@code dingtalk} ids, and takes the ticket once. The answer is a text message DingTalk
 * posts back into the conversation.
 */
final class DingTalkActions {

  static final long MAX_AGE_MILLIS = 300_000;

  private static final Logger log = LoggerFactory.getLogger(DingTalkActions.class);

  private final String appSecret;
  private final ChatApprovals approvals;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  /** Signatures already taken, forgotten once outside the window. */
  private final UsedOnce used;

  public DingTalkActions(String appSecret, ChatApprovals approvals, Clock clock) {
    if (appSecret == null || appSecret.isBlank()) {
      throw new IllegalArgumentException("the DingTalk app secret is empty");
    }
    this.appSecret = appSecret;
    this.approvals = approvals;
    this.clock = clock;
    this.used = new UsedOnce(java.time.Duration.ofMillis(2 * MAX_AGE_MILLIS + 60_000), clock);
  }

  /** Answers the robot's callback. */
  public AlertReceiver.Answer handle(String timestamp, String sign, byte[] body) {
    long now = clock.millis();
    String stale = ChatApprovals.staleness(timestamp, "timestamp header", now, MAX_AGE_MILLIS);
    if (stale != null) {
      return refuse(401, stale);
    }
    if (sign == null
        || !MessageDigest.isEqual(
            sign.trim().getBytes(StandardCharsets.UTF_8),
            sign(timestamp.trim()).getBytes(StandardCharsets.UTF_8))) {
      return refuse(401, "the DingTalk signature does not match");
    }
    if (!used.take(sign.trim())) {
      return refuse(401, "stale or replayed callback (this signature was already used)");
    }
    JsonNode message;
    try {
      message = json.readTree(body);
    } catch (java.io.IOException e) {
      return refuse(400, "the callback is not JSON");
    }
    List<String> words =
        Arrays.stream(message.path("text").path("content").asText("").trim().split("\\s+"))
            .toList();
    int at = words.indexOf("runbook");
    var decision = at < 0 || at + 6 != words.size() ? null : decisionOf(words.get(at + 1));
    if (decision == null) {
      return reply(
          "Not a gate decision. Send the line on the gate's card: runbook approve|reject"
              + " <workflow id> <run id> <gate> <ticket>");
    }
    ChatApprovals.Outcome outcome =
        approvals.decide(
            new ChatApprovals.Click(
                "dingtalk",
                java.util.Collections.singletonList(message.path("senderStaffId").asText(null)),
                words.get(at + 2),
                words.get(at + 3),
                words.get(at + 4),
                words.get(at + 5),
                decision));
    if (outcome.status() != 200) {
      log.warn("DingTalk callback refused ({}): {}", outcome.status(), outcome.text());
      return new AlertReceiver.Answer(
          outcome.status(),
          Map.of("msgtype", "text", "text", Map.of("content", "Refused: " + outcome.text())));
    }
    return reply(outcome.text());
  }

  private static ApprovalRequest.Decision decisionOf(String word) {
    return switch (word) {
      case "approve" -> ApprovalRequest.Decision.APPROVE;
      case "reject" -> ApprovalRequest.Decision.REJECT;
      default -> null;
    };
  }

  /** DingTalk's callback signature: the timestamp signed with the app secret. */
  String sign(String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(
              mac.doFinal((timestamp + "\n" + appSecret).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static AlertReceiver.Answer reply(String text) {
    return new AlertReceiver.Answer(
        200, Map.of("msgtype", "text", "text", Map.of("content", text)));
  }

  private static AlertReceiver.Answer refuse(int status, String reason) {
    log.warn("DingTalk callback refused ({}): {}", status, reason);
    return new AlertReceiver.Answer(status, Map.of("error", reason));
  }
}
