package dev.drrunbooks.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gate decided from Feishu (飞书): the Approve / Reject button of a gate's card, sent by the Feishu
 * app's bot, comes back as the {@code card.action.trigger} callback. The app must have both an
 * Encrypt Key and a Verification Token: a callback is taken only when
 *
 * <ul>
 *   <li>{@code X-Lark-Signature} is the SHA-256 of timestamp + nonce + encrypt key + body (compared
 *       in constant time), {@code X-Lark-Request-Timestamp} is within five minutes and this replica
 *       has not taken that signature before, so a captured callback cannot be replayed;
 *   <li>the body decrypts with the encrypt key (AES-256-CBC, key = SHA-256 of the encrypt key, the
 *       first 16 bytes the IV);
 *   <li>its {@code header.token} is the app's verification token.
 * </ul>
 *
 * The run the button names decides whether the operator's {@code open_id} (or {@code user_id}) is
 * one of its approvers' {@code feishu} ids, and takes the button's ticket once. The answer is a
 * toast the clicking user sees. Feishu's request-URL check ({@code url_verification}) is answered
 * with its challenge once it decrypts and carries the token.
 */
final class FeishuActions {

  static final long MAX_AGE_SECONDS = 300;

  private static final Logger log = LoggerFactory.getLogger(FeishuActions.class);

  private final String encryptKey;
  private final byte[] aesKey;
  private final byte[] verificationToken;
  private final ChatApprovals approvals;
  private final Clock clock;
  private final UsedOnce signatures;
  private final ObjectMapper json = new ObjectMapper();

  public FeishuActions(
      String encryptKey, String verificationToken, ChatApprovals approvals, Clock clock) {
    if (encryptKey == null || encryptKey.isBlank()) {
      throw new IllegalArgumentException(
          "the Feishu encrypt key is empty: set one on the app (事件与回调 > 加密策略)");
    }
    if (verificationToken == null || verificationToken.isBlank()) {
      throw new IllegalArgumentException("the Feishu verification token is empty");
    }
    this.encryptKey = encryptKey;
    this.aesKey = sha256(encryptKey.getBytes(StandardCharsets.UTF_8));
    this.verificationToken = verificationToken.getBytes(StandardCharsets.UTF_8);
    this.approvals = approvals;
    this.clock = clock;
    this.signatures = new UsedOnce(java.time.Duration.ofSeconds(2 * MAX_AGE_SECONDS + 60), clock);
  }

  /** Answers Feishu's callback request. */
  public AlertReceiver.Answer handle(
      String timestamp, String nonce, String signature, byte[] body) {
    String stale =
        ChatApprovals.staleness(
            timestamp,
            "X-Lark-Request-Timestamp",
            clock.instant().getEpochSecond(),
            MAX_AGE_SECONDS);
    if (stale != null) {
      return refuse(401, stale);
    }
    String expected = signature(timestamp.trim(), nonce == null ? "" : nonce, body);
    if (signature == null
        || !MessageDigest.isEqual(
            signature.trim().getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8))) {
      return refuse(401, "the Feishu signature does not match");
    }
    if (!signatures.take(signature.trim())) {
      return refuse(401, "stale or replayed callback (this signature was already used)");
    }
    JsonNode callback;
    try {
      String encrypted = json.readTree(body).path("encrypt").asText(null);
      if (encrypted == null) {
        return refuse(400, "the callback is not encrypted: the app must have an encrypt key");
      }
      callback = json.readTree(decrypt(encrypted));
    } catch (java.io.IOException | IllegalArgumentException | GeneralSecurityException e) {
      return refuse(400, "the callback does not decrypt to JSON");
    }
    if ("url_verification".equals(callback.path("type").asText())) {
      if (!tokenMatches(callback.path("token").asText(""))) {
        return refuse(401, "the verification token does not match");
      }
      return new AlertReceiver.Answer(
          200, Map.of("challenge", callback.path("challenge").asText("")));
    }
    JsonNode header = callback.path("header");
    if (!tokenMatches(header.path("token").asText(""))) {
      return refuse(401, "the verification token does not match");
    }
    if (!"card.action.trigger".equals(header.path("event_type").asText())) {
      return refuse(400, "not a card action (" + header.path("event_type").asText("?") + ")");
    }
    JsonNode event = callback.path("event");
    JsonNode value = event.path("action").path("value");
    var decision = ChatApprovals.decisionOf(value.path("action").asText(""));
    if (decision == null) {
      return refuse(400, "not a gate button of dr-runbooks");
    }
    JsonNode operator = event.path("operator");
    // An approver may be mapped by the app's open_id or by the tenant's user_id.
    ChatApprovals.Outcome outcome =
        approvals.decide(
            new ChatApprovals.Click(
                "feishu",
                java.util.Arrays.asList(
                    operator.path("open_id").asText(null), operator.path("user_id").asText(null)),
                value.path("workflowId").asText(null),
                value.path("runId").asText(null),
                value.path("gate").asText(null),
                value.path("ticket").asText(null),
                decision));
    // The run's own refusals are a warning toast, which Feishu shows only with a 200.
    if (outcome.status() != 200 && !outcome.text().startsWith("Not done")) {
      return refuse(outcome.status(), outcome.text());
    }
    return new AlertReceiver.Answer(
        200,
        Map.of(
            "toast",
            Map.of(
                "type",
                outcome.text().startsWith("Not done") ? "warning" : "success",
                "content",
                outcome.text())));
  }

  private boolean tokenMatches(String token) {
    return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), verificationToken);
  }

  /** Feishu's signature: hex SHA-256 of timestamp + nonce + encrypt key, then the raw body. */
  String signature(String timestamp, String nonce, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private String decrypt(String encrypted) throws GeneralSecurityException {
    byte[] data = Base64.getDecoder().decode(encrypted);
    if (data.length < 32) {
      throw new GeneralSecurityException("too short");
    }
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(aesKey, "AES"),
        new IvParameterSpec(Arrays.copyOfRange(data, 0, 16)));
    return new String(aes.doFinal(data, 16, data.length - 16), StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static AlertReceiver.Answer refuse(int status, String reason) {
    log.warn("Feishu callback refused ({}): {}", status, reason);
    return new AlertReceiver.Answer(status, Map.of("error", reason));
  }
}
