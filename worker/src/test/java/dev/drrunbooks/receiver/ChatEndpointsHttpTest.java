package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three chat endpoints through the receiver's real HTTP server: each platform's headers reach
 * its verifier, and a correctly signed click by an approver becomes an approval.
 */
class ChatEndpointsHttpTest {

  private static final Instant NOW = Instant.parse("2026-11-21T03:10:00Z");
  private static final String RUN =
      "recovery/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";
  private static final List<String> sent = new CopyOnWriteArrayList<>();
  private static ConfigurableApplicationContext web;
  private static URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ChatApprovals approvals = ChatApprovalsFixture.recording(sent, NOW);
    AlertReceiver receiver =
        new AlertReceiver(
            AlertRoutes.load(Path.of("..", "runbooks", "alert-routes.yaml")),
            null,
            "test-token-0123456789",
            clock,
            new ReceiverMetrics());
    web =
        ReceiverApplication.start(
            0,
            receiver,
            new ReceiverApplication.Chats(
                new SlackActions("8f742231b10e8888abcd99yyyzzz85a5", approvals, clock),
                new FeishuActions("kx8PqT2v9WcZ4nLd", "v-Hb3ZpQ9mKt2sXy", approvals, clock),
                new DingTalkActions("dingtalk-app-secret-Zq81", approvals, clock)));
    base =
        URI.create(
            "http://localhost:" + ((WebServerApplicationContext) web).getWebServer().getPort());
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void slackFeishuAndDingTalk_eachDecideAGate_throughTheirEndpoint() throws Exception {
    sent.clear();
    byte[] slack = SlackApprovalsTest.click("U0000OPSLEAD", "runbook-approve");
    String ts = SlackApprovalsTest.ts(NOW);
    HttpResponse<String> s =
        post(
            "/chat/slack/actions",
            slack,
            "X-Slack-Request-Timestamp",
            ts,
            "X-Slack-Signature",
            SlackApprovalsTest.sign(ts, slack));

    byte[] feishu =
        FeishuApprovalsTest.encrypted(
            FeishuApprovalsTest.click("ou_0000devlead", "runbook-reject", "v-Hb3ZpQ9mKt2sXy"));
    HttpResponse<String> f =
        post(
            "/chat/feishu/actions",
            feishu,
            "X-Lark-Request-Timestamp",
            ts,
            "X-Lark-Request-Nonce",
            "13f0a7",
            "X-Lark-Signature",
            FeishuApprovalsTest.sign(ts, "13f0a7", feishu));

    byte[] dingtalk =
        DingTalkApprovalsTest.message(
            "0000opslead",
            "runbook approve "
                + RUN
                + " "
                + ChatApprovalsFixture.RUN_ID
                + " approve-rollback "
                + ChatApprovalsFixture.TICKET);
    String ms = DingTalkApprovalsTest.ms(NOW);
    HttpResponse<String> d =
        post(
            "/chat/dingtalk/robot",
            dingtalk,
            "timestamp",
            ms,
            "sign",
            DingTalkApprovalsTest.sign(ms));

    assertThat(List.of(s.statusCode(), f.statusCode(), d.statusCode())).containsOnly(200);
    assertThat(f.body()).contains("\"toast\"");
    assertThat(d.body()).contains("\"msgtype\":\"text\"");
    assertThat(sent)
        .containsExactly(
            RUN + " approve-rollback APPROVE ops-lead slack:U0000OPSLEAD",
            RUN + " approve-rollback REJECT dev-lead feishu:ou_0000devlead",
            RUN + " approve-rollback APPROVE ops-lead dingtalk:0000opslead");
  }

  @Test
  void unsignedCallbacks_areRefusedAt401_andAnOversizedBodyAt413() throws Exception {
    sent.clear();
    byte[] any = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(post("/chat/slack/actions", any).statusCode()).isEqualTo(401);
    assertThat(post("/chat/feishu/actions", any).statusCode()).isEqualTo(401);
    assertThat(post("/chat/dingtalk/robot", any).statusCode()).isEqualTo(401);
    assertThat(
            post("/chat/feishu/actions", new byte[AlertReceiver.MAX_BODY_BYTES + 10]).statusCode())
        .isEqualTo(413);
    assertThat(sent).isEmpty();
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
