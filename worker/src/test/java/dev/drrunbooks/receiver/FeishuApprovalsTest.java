package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Approve and Reject buttons of a Feishu (飞书) card, as Feishu's {@code card.action.trigger}
 * callback sends them: encrypted with the app's encrypt key and signed over timestamp, nonce, key
 * and body. Only a fresh, correctly signed, decryptable callback with the app's verification token,
 * by a mapped approver, becomes an approval.
 */
class FeishuApprovalsTest {

  private static final String ENCRYPT_KEY = "kx8PqT2v9WcZ4nLd";
  private static final String TOKEN = "v-Hb3ZpQ9mKt2sXy";
  private static final Instant NOW = Instant.parse("2026-11-21T03:10:00Z");
  private static final String RUN =
      "recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final FeishuActions feishu =
      new FeishuActions(
          ENCRYPT_KEY,
          TOKEN,
          ChatApprovalsFixture.recording(sent, NOW),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void approveClickedByAMappedApprover_approvesInTheirName_withAToast() throws Exception {
    byte[] body = encrypted(click("ou_0000opslead", "runbook-approve", TOKEN));

    AlertReceiver.Answer answer =
        feishu.handle(ts(NOW), "n0nce", sign(ts(NOW), "n0nce", body), body);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("toast"))
        .isEqualTo(
            Map.of(
                "type",
                "success",
                "content",
                "Approved gate approve-rollback of " + RUN + " as ops-lead"));
    assertThat(sent)
        .containsExactly(RUN + " approve-rollback APPROVE ops-lead feishu:ou_0000opslead");
  }

  @Test
  void rejectClicked_rejects() throws Exception {
    byte[] body = encrypted(click("ou_0000devlead", "runbook-reject", TOKEN));

    feishu.handle(ts(NOW), "n1", sign(ts(NOW), "n1", body), body);

    assertThat(sent)
        .containsExactly(RUN + " approve-rollback REJECT dev-lead feishu:ou_0000devlead");
  }

  @Test
  void unmappedOperator_isRefusedByTheRun_andNothingIsDecided() throws Exception {
    byte[] body = encrypted(click("ou_stranger", "runbook-approve", TOKEN));

    AlertReceiver.Answer answer = feishu.handle(ts(NOW), "n2", sign(ts(NOW), "n2", body), body);

    assertThat(answer.body().get("toast"))
        .asString()
        .contains("warning")
        .contains("feishu user ou_stranger / e0a1b2c3 is not mapped to an approver of sandbox");
    assertThat(sent).isEmpty();
  }

  /** A captured click re-posted unchanged inside the five minutes: taken once, then refused. */
  @Test
  void sameSignedClickTwice_isTakenOnce() throws Exception {
    byte[] body = encrypted(click("ou_0000opslead", "runbook-approve", TOKEN));
    String signature = sign(ts(NOW), "n9", body);

    assertThat(feishu.handle(ts(NOW), "n9", signature, body).status()).isEqualTo(200);
    AlertReceiver.Answer replay = feishu.handle(ts(NOW), "n9", signature, body);

    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body().get("error")).asString().contains("already used");
    assertThat(sent).hasSize(1);
  }

  @Test
  void badSignature_staleCallback_swappedBody_orForeignToken_areRefused() throws Exception {
    byte[] body = encrypted(click("ou_0000opslead", "runbook-approve", TOKEN));
    String old = ts(NOW.minusSeconds(301));

    assertThat(feishu.handle(ts(NOW), "n", "0".repeat(64), body).status()).isEqualTo(401);
    assertThat(feishu.handle(old, "n", sign(old, "n", body), body).body().get("error"))
        .asString()
        .startsWith("stale or replayed callback");
    byte[] other = encrypted(click("ou_0000opslead", "runbook-reject", TOKEN));
    assertThat(feishu.handle(ts(NOW), "n", sign(ts(NOW), "n", body), other).status())
        .isEqualTo(401);
    byte[] foreign = encrypted(click("ou_0000opslead", "runbook-approve", "another-apps-token"));
    assertThat(feishu.handle(ts(NOW), "n", sign(ts(NOW), "n", foreign), foreign).body())
        .isEqualTo(Map.of("error", "the verification token does not match"));
    byte[] plain =
        click("ou_0000opslead", "runbook-approve", TOKEN).getBytes(StandardCharsets.UTF_8);
    assertThat(feishu.handle(ts(NOW), "n", sign(ts(NOW), "n", plain), plain).body().get("error"))
        .asString()
        .startsWith("the callback is not encrypted");
    assertThat(sent).isEmpty();
  }

  @Test
  void requestUrlCheck_isAnsweredWithItsChallenge() throws Exception {
    byte[] body =
        encrypted(
            "{\"challenge\":\"ajls384kdjx98XX\",\"token\":\""
                + TOKEN
                + "\",\"type\":\"url_verification\"}");

    AlertReceiver.Answer answer = feishu.handle(ts(NOW), "n", sign(ts(NOW), "n", body), body);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(Map.of("challenge", "ajls384kdjx98XX"));
  }

  @Test
  void gateNoLongerWaiting_isAWarningToast() throws Exception {
    FeishuActions late =
        new FeishuActions(
            ENCRYPT_KEY,
            TOKEN,
            ChatApprovalsFixture.refusing("gate 'approve-rollback' is not waiting for approval"),
            Clock.fixed(NOW, ZoneOffset.UTC));
    byte[] body = encrypted(click("ou_0000opslead", "runbook-approve", TOKEN));

    AlertReceiver.Answer answer = late.handle(ts(NOW), "n", sign(ts(NOW), "n", body), body);

    assertThat(answer.body().get("toast"))
        .isEqualTo(
            Map.of(
                "type",
                "warning",
                "content",
                "Not done: gate 'approve-rollback' is not waiting for approval"));
  }

  /** Feishu's card.action.trigger (schema 2.0) for a gate button of the sandbox's rollback. */
  static String click(String openId, String action, String token) {
    return """
        {"schema":"2.0","header":{"event_id":"f7984f25108f8137722bb63cee927e66",
          "token":"%s","create_time":"1763694600000000","event_type":"card.action.trigger",
          "tenant_key":"2d4f0b9c81cf1758","app_id":"cli_runbooks"},
         "event":{"operator":{"tenant_key":"2d4f0b9c81cf1758","user_id":"e0a1b2c3",
            "open_id":"%s","union_id":"on_5f1e"},
          "token":"c-295ee57216a5dc9de90fefd0aadb4b1d7d5e4b3a",
          "action":{"value":{"action":"%s","workflowId":"%s","runId":"%s",
            "gate":"approve-rollback","ticket":"%s"},"tag":"button"},
          "host":"im_message",
          "context":{"open_message_id":"om_1","open_chat_id":"oc_ops"}}}
        """
        .formatted(
            token, openId, action, RUN, ChatApprovalsFixture.RUN_ID, ChatApprovalsFixture.TICKET);
  }

  /** The body Feishu sends with an encrypt key: {"encrypt": base64(iv + AES-256-CBC)}. */
  static byte[] encrypted(String plain) throws Exception {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(
            MessageDigest.getInstance("SHA-256")
                .digest(ENCRYPT_KEY.getBytes(StandardCharsets.UTF_8)),
            "AES"),
        new IvParameterSpec(iv));
    byte[] sealed = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    byte[] all = new byte[16 + sealed.length];
    System.arraycopy(iv, 0, all, 0, 16);
    System.arraycopy(sealed, 0, all, 16, sealed.length);
    return ("{\"encrypt\":\"" + Base64.getEncoder().encodeToString(all) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String ts(Instant at) {
    return String.valueOf(at.getEpochSecond());
  }

  static String sign(String ts, String nonce, byte[] body) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((ts + nonce + ENCRYPT_KEY).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest(body));
  }
}
