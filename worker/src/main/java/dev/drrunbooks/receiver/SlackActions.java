package dev.drrunbooks.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate decided from Slack: the Approve / Reject button of a gate's notification. The request is
 * Slack's only when its signature (HMAC-SHA256 of {@code v0:<timestamp>:<body>} with the app's
 * signing secret) matches, its timestamp is within five minutes and this replica has not taken that
 * signature before, so a captured callback cannot be replayed. The run the button names decides
 * whether the clicking user may decide, and takes the button's ticket once ({@link ChatApprovals}).
 */
final class SlackActions {

  /** How old a callback may be: Slack's own recommendation. */
  static final long MAX_AGE_SECONDS = 300;

  private static final Logger log = LoggerFactory.getLogger(SlackActions.class);

  private final byte[] signingSecret;
  private final ChatApprovals approvals;
  private final Clock clock;
  private final UsedOnce signatures;
  private final ObjectMapper json = new ObjectMapper();

  public SlackActions(String signingSecret, ChatApprovals approvals, Clock clock) {
    if (signingSecret == null || signingSecret.isBlank()) {
      throw new IllegalArgumentException("the Slack signing secret is empty");
    }
    this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
    this.approvals = approvals;
    this.clock = clock;
    // Twice the age a timestamp may have, either side of now.
    this.signatures = new UsedOnce(java.time.Duration.ofSeconds(2 * MAX_AGE_SECONDS + 60), clock);
  }

  /** Answers Slack's interactivity request; the text is what the clicking user sees. */
  public AlertReceiver.Answer handle(String timestamp, String signature, byte[] body) {
    String stale =
        ChatApprovals.staleness(
            timestamp,
            "X-Slack-Request-Timestamp",
            clock.instant().getEpochSecond(),
            MAX_AGE_SECONDS);
    if (stale != null) {
      return refuse(401, stale);
    }
    long ts = Long.parseLong(timestamp.trim());
    if (signature == null
        || !MessageDigest.isEqual(
            signature.getBytes(StandardCharsets.UTF_8),
            ("v0=" + hmac(ts, body)).getBytes(StandardCharsets.UTF_8))) {
      return refuse(401, "the Slack signature does not match");
    }
    if (!signatures.take(signature)) {
      return refuse(401, "stale or replayed callback (this signature was already used)");
    }
    JsonNode payload;
    try {
      String form = new String(body, StandardCharsets.UTF_8);
      String encoded = form.startsWith("payload=") ? form.substring("payload=".length()) : null;
      if (encoded == null) {
        return refuse(400, "no payload");
      }
      payload = json.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return refuse(400, "the payload is not JSON");
    }
    JsonNode action = payload.path("actions").path(0);
    var decision = ChatApprovals.decisionOf(action.path("action_id").asText(""));
    String[] value = action.path("value").asText("").split("\\|", 4);
    if (!"block_actions".equals(payload.path("type").asText())
        || value.length != 4
        || decision == null) {
      return refuse(400, "not a gate button of dr-runbooks");
    }
    ChatApprovals.Outcome outcome =
        approvals.decide(
            new ChatApprovals.Click(
                "slack",
                java.util.Collections.singletonList(payload.path("user").path("id").asText(null)),
                value[0],
                value[1],
                value[2],
                value[3],
                decision));
    return outcome.status() == 200
        ? new AlertReceiver.Answer(200, Map.of("text", outcome.text()))
        : refuse(outcome.status(), outcome.text());
  }

  private String hmac(long ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
      mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static AlertReceiver.Answer refuse(int status, String reason) {
    log.warn("Slack callback refused ({}): {}", status, reason);
    return new AlertReceiver.Answer(status, Map.of("error", reason));
  }
}
