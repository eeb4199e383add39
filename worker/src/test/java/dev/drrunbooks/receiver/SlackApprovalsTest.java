package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Approve and Reject buttons clicked in Slack, as Slack's interactivity request sends them: signed
 * with the app's signing secret. Only a fresh, correctly signed click by a mapped approver becomes
 * an approval, in that approver's name.
 */
class SlackApprovalsTest {

  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final Instant NOW = Instant.parse("2026-11-21T03:10:00Z");
  private static final String RUN =
      "recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final SlackActions slack =
      new SlackActions(
          SECRET, ChatApprovalsFixture.recording(sent, NOW), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void approveClickedByAMappedApprover_approvesInTheirName() throws Exception {
    byte[] body = click("U0000OPSLEAD", "runbook-approve");

    AlertReceiver.Answer answer = slack.handle(ts(NOW), sign(ts(NOW), body), body);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("text"))
        .isEqualTo("Approved gate approve-rollback of " + RUN + " as ops-lead");
    assertThat(sent).containsExactly(RUN + " approve-rollback APPROVE ops-lead slack:U0000OPSLEAD");
  }

  @Test
  void rejectClicked_rejects() throws Exception {
    byte[] body = click("U0000DEVLEAD", "runbook-reject");

    slack.handle(ts(NOW), sign(ts(NOW), body), body);

    assertThat(sent).containsExactly(RUN + " approve-rollback REJECT dev-lead slack:U0000DEVLEAD");
  }

  @Test
  void userNotMappedToAnApprover_isRefused_andNothingIsSent() throws Exception {
    byte[] body = click("U0000STRANGER", "runbook-approve");

    AlertReceiver.Answer answer = slack.handle(ts(NOW), sign(ts(NOW), body), body);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().get("error"))
        .asString()
        .contains("U0000STRANGER is not mapped to an approver of sandbox");
    assertThat(sent).isEmpty();
  }

  @Test
  void badSignature_orAStaleReplayedCallback_isRefused() throws Exception {
    byte[] body = click("U0000OPSLEAD", "runbook-approve");
    String old = ts(NOW.minusSeconds(301));

    assertThat(slack.handle(ts(NOW), "v0=" + "0".repeat(64), body).status()).isEqualTo(401);
    assertThat(slack.handle(old, sign(old, body), body).body().get("error"))
        .asString()
        .startsWith("stale or replayed callback");
    byte[] forged = click("U0000OPSLEAD", "runbook-reject");
    assertThat(slack.handle(ts(NOW), sign(ts(NOW), body), forged).status()).isEqualTo(401);
    assertThat(slack.handle(null, sign(ts(NOW), body), body).status()).isEqualTo(401);
    assertThat(sent).isEmpty();
  }

  /** Slack's replay: the same signed callback re-posted unchanged 22 s later is refused. */
  @Test
  void sameSignedClickTwice_isTakenOnce() throws Exception {
    byte[] body = click("U0000OPSLEAD", "runbook-approve");
    String signature = sign(ts(NOW), body);

    assertThat(slack.handle(ts(NOW), signature, body).status()).isEqualTo(200);
    AlertReceiver.Answer replay = slack.handle(ts(NOW), signature, body);

    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body().get("error")).asString().contains("already used");
    assertThat(sent).hasSize(1);
  }

  /** A button of another gate opening (or another run) carries a ticket the run refuses. */
  @Test
  void buttonOfAnotherGateOpening_isRefusedByTheRun() throws Exception {
    byte[] body = click("U0000OPSLEAD", "runbook-approve").clone();
    String other =
        new String(body, StandardCharsets.UTF_8)
            .replace(ChatApprovalsFixture.TICKET, "11111111-2222-4333-8444-555555555555");
    byte[] stale = other.getBytes(StandardCharsets.UTF_8);

    AlertReceiver.Answer answer = slack.handle(ts(NOW), sign(ts(NOW), stale), stale);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().get("error")).asString().contains("another opening of gate");
    assertThat(sent).isEmpty();
  }

  @Test
  void gateNoLongerWaiting_isSaidToTheClicker() throws Exception {
    SlackActions late =
        new SlackActions(
            SECRET,
            ChatApprovalsFixture.refusing(
                "gate 'approve-rollback' is not waiting for approval (it is DONE)"),
            Clock.fixed(NOW, ZoneOffset.UTC));
    byte[] body = click("U0000OPSLEAD", "runbook-approve");

    AlertReceiver.Answer answer = late.handle(ts(NOW), sign(ts(NOW), body), body);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body().get("error"))
        .asString()
        .startsWith("Not done: gate 'approve-rollback' is not waiting");
  }

  /** Slack's block_actions payload, form-encoded, for a gate button of the sandbox's rollback. */
  static byte[] click(String user, String actionId) {
    String payload =
        """
        {"type":"block_actions","user":{"id":"%s","username":"someone","team_id":"T0001"},
         "api_app_id":"A0001","token":"legacy-unused","trigger_id":"1.2.3",
         "actions":[{"action_id":"%s","block_id":"b1","type":"button",
           "value":"%s|%s|approve-rollback|%s","action_ts":"1763694600.000100"}]}
        """
            .formatted(
                user, actionId, RUN, ChatApprovalsFixture.RUN_ID, ChatApprovalsFixture.TICKET);
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  static String ts(Instant at) {
    return String.valueOf(at.getEpochSecond());
  }

  static String sign(String ts, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
    return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
