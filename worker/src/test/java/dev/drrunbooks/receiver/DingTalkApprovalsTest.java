package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A gate decided in DingTalk (钉钉): the decision line a card button sends to the team's robot, as
 * DingTalk's robot callback delivers it, with the {@code timestamp} and {@code sign} headers.
 */
class DingTalkApprovalsTest {

  private static final String APP_SECRET = "dingtalk-app-secret-Zq81";
  private static final Instant NOW = Instant.parse("2026-11-21T03:10:00Z");
  private static final String RUN =
      "recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";

  private static final String RUN_ID = ChatApprovalsFixture.RUN_ID;
  private static final String TICKET = ChatApprovalsFixture.TICKET;

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final DingTalkActions dingtalk =
      new DingTalkActions(
          APP_SECRET, ChatApprovalsFixture.recording(sent, NOW), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void approveSentByAMappedApprover_approvesInTheirName_andRepliesInTheChat() throws Exception {
    byte[] body =
        message(
            "0000opslead", "runbook approve " + RUN + " " + RUN_ID + " approve-rollback " + TICKET);

    AlertReceiver.Answer answer = dingtalk.handle(ms(NOW), sign(ms(NOW)), body);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            Map.of(
                "msgtype",
                "text",
                "text",
                Map.of("content", "Approved gate approve-rollback of " + RUN + " as ops-lead")));
    assertThat(sent)
        .containsExactly(RUN + " approve-rollback APPROVE ops-lead dingtalk:0000opslead");
  }

  @Test
  void rejectSent_rejects() throws Exception {
    byte[] body =
        message(
            "0000devlead", "runbook reject " + RUN + " " + RUN_ID + " approve-rollback " + TICKET);

    dingtalk.handle(ms(NOW), sign(ms(NOW)), body);

    assertThat(sent)
        .containsExactly(RUN + " approve-rollback REJECT dev-lead dingtalk:0000devlead");
  }

  @Test
  void senderNotMappedToAnApprover_isRefused_andNothingIsSent() throws Exception {
    byte[] body =
        message(
            "9999stranger",
            "runbook approve " + RUN + " " + RUN_ID + " approve-rollback " + TICKET);

    AlertReceiver.Answer answer = dingtalk.handle(ms(NOW), sign(ms(NOW)), body);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().toString())
        .contains("dingtalk user 9999stranger is not mapped to an approver of sandbox");
    assertThat(sent).isEmpty();
  }

  @Test
  void badSignature_staleCallback_orASignatureUsedTwice_isRefused() throws Exception {
    byte[] body =
        message(
            "0000opslead", "runbook approve " + RUN + " " + RUN_ID + " approve-rollback " + TICKET);
    String old = ms(NOW.minusSeconds(301));

    assertThat(dingtalk.handle(ms(NOW), "bm90IHRoZSBzaWdu", body).status()).isEqualTo(401);
    assertThat(dingtalk.handle(old, sign(old), body).body().get("error"))
        .asString()
        .startsWith("stale or replayed callback");
    assertThat(dingtalk.handle(null, sign(ms(NOW)), body).status()).isEqualTo(401);
    assertThat(sent).isEmpty();

    // DingTalk's signature covers the timestamp, not the body: once used, it is spent.
    assertThat(dingtalk.handle(ms(NOW), sign(ms(NOW)), body).status()).isEqualTo(200);
    byte[] forged =
        message(
            "0000opslead", "runbook reject " + RUN + " " + RUN_ID + " approve-rollback " + TICKET);
    assertThat(dingtalk.handle(ms(NOW), sign(ms(NOW)), forged).body().get("error"))
        .isEqualTo("stale or replayed callback (this signature was already used)");
    assertThat(sent).hasSize(1);
  }

  @Test
  void anyOtherMessage_isAnsweredWithHowToDecide_andChangesNothing() throws Exception {
    byte[] body = message("0000opslead", "what is the status?");

    AlertReceiver.Answer answer = dingtalk.handle(ms(NOW), sign(ms(NOW)), body);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().toString())
        .contains("runbook approve|reject <workflow id> <run id> <gate> <ticket>");
    assertThat(sent).isEmpty();
  }

  /** DingTalk's robot callback for a text message in a group. */
  static byte[] message(String staffId, String text) {
    return """
        {"conversationId":"cid6KeBBLoveMJOGXoYKF5x7EeiodoA==","atUsers":[{"dingtalkId":"$:LWCP_v1:$robot"}],
         "chatbotCorpId":"dingb8d4f3c2","chatbotUserId":"$:LWCP_v1:$robot","msgId":"msgQ3d2",
         "senderNick":"Ops Lead","isAdmin":false,"senderStaffId":"%s",
         "sessionWebhookExpiredTime":1763701800000,"createAt":1763694600000,
         "senderCorpId":"dingb8d4f3c2","conversationType":"2","senderId":"$:LWCP_v1:$sender",
         "conversationTitle":"dr-runbooks","isInAtList":true,
         "sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=x",
         "text":{"content":"%s"},"robotCode":"dingrunbooks","msgtype":"text"}
        """
        .formatted(staffId, text)
        .getBytes(StandardCharsets.UTF_8);
  }

  static String ms(Instant at) {
    return String.valueOf(at.toEpochMilli());
  }

  static String sign(String timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder()
        .encodeToString(
            mac.doFinal((timestamp + "\n" + APP_SECRET).getBytes(StandardCharsets.UTF_8)));
  }
}
