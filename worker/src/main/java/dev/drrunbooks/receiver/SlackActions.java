package dev.drrunbooks.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import io.temporal.failure.ApplicationFailure;
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
 * signing secret) matches and its timestamp is within five minutes, so a captured callback cannot
 * be replayed later. The clicking user must be mapped to an approver of the run's profile ({@code
 * approverChatIds}); the approval then carries that approver's name, and {@code slack:<user id>} as
 * where it came from.
 */
public final class SlackActions {

  /** How old a callback may be: Slack's own recommendation. */
  static final long MAX_AGE_SECONDS = 300;

  private static final Logger log = LoggerFactory.getLogger(SlackActions.class);

  /** Sends the approve update, as the CLI does. */
  public interface GateApprover {
    ApprovalRecord approve(String workflowId, ApprovalRequest request);
  }

  private final byte[] signingSecret;
  private final ProfileLoader profiles;
  private final GateApprover approver;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public SlackActions(
      String signingSecret, ProfileLoader profiles, GateApprover approver, Clock clock) {
    if (signingSecret == null || signingSecret.isBlank()) {
      throw new IllegalArgumentException("the Slack signing secret is empty");
    }
    this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
    this.profiles = profiles;
    this.approver = approver;
    this.clock = clock;
  }

  /** Answers Slack's interactivity request; the text is what the clicking user sees. */
  public AlertReceiver.Answer handle(String timestamp, String signature, byte[] body) {
    long ts;
    try {
      ts = Long.parseLong(timestamp == null ? "" : timestamp.trim());
    } catch (NumberFormatException e) {
      return refuse(401, "no X-Slack-Request-Timestamp");
    }
    if (Math.abs(clock.instant().getEpochSecond() - ts) > MAX_AGE_SECONDS) {
      return refuse(401, "stale or replayed callback (timestamp " + ts + ")");
    }
    if (signature == null
        || !MessageDigest.isEqual(
            signature.getBytes(StandardCharsets.UTF_8),
            ("v0=" + hmac(ts, body)).getBytes(StandardCharsets.UTF_8))) {
      return refuse(401, "the Slack signature does not match");
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
    String user = payload.path("user").path("id").asText(null);
    JsonNode action = payload.path("actions").path(0);
    String actionId = action.path("action_id").asText("");
    String[] value = action.path("value").asText("").split("\\|", 3);
    if (!"block_actions".equals(payload.path("type").asText())
        || value.length != 3
        || (!"runbook-approve".equals(actionId) && !"runbook-reject".equals(actionId))) {
      return refuse(400, "not a gate button of dr-runbooks");
    }
    String service = value[0];
    String workflowId = value[1];
    String gate = value[2];
    ServiceProfile profile;
    try {
      profile = profiles.load(service);
    } catch (ApplicationFailure unknown) {
      return refuse(400, unknown.getOriginalMessage());
    }
    String name = profile.approverForSlackUser(user);
    if (name == null) {
      log.warn(
          "Slack user {} tried to decide gate {} of {}: not an approver", user, gate, workflowId);
      return refuse(
          403,
          "Slack user "
              + user
              + " is not mapped to an approver of "
              + service
              + " (approverChatIds)");
    }
    ApprovalRequest.Decision decision =
        "runbook-reject".equals(actionId)
            ? ApprovalRequest.Decision.REJECT
            : ApprovalRequest.Decision.APPROVE;
    try {
      ApprovalRecord r =
          approver.approve(
              workflowId, new ApprovalRequest(gate, name, decision, "from Slack", "slack:" + user));
      log.info("{} {} gate {} of {} from Slack ({})", name, r.decision(), gate, workflowId, user);
      return new AlertReceiver.Answer(
          200,
          Map.of(
              "text",
              (r.decision() == ApprovalRequest.Decision.APPROVE ? "Approved" : "Rejected")
                  + " gate "
                  + gate
                  + " of "
                  + workflowId
                  + " as "
                  + name));
    } catch (RuntimeException refused) {
      // The gate no longer waits, the run ended: say so to the person who clicked.
      return new AlertReceiver.Answer(200, Map.of("text", "Not done: " + rootMessage(refused)));
    }
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

  private static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner instanceof ApplicationFailure af ? af.getOriginalMessage() : inner.getMessage();
  }

  private static AlertReceiver.Answer refuse(int status, String reason) {
    return new AlertReceiver.Answer(status, Map.of("error", reason));
  }
}
