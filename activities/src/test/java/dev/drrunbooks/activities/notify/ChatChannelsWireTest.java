package dev.drrunbooks.activities.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.Notification.Level;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack, Feishu (飞书) and DingTalk (钉钉) at the wire: each gets its own message format, the signed
 * ones a signature this test recomputes from the secret, and none a secret in clear.
 */
class ChatChannelsWireTest {

  private static final Instant NOW = Instant.parse("2026-11-21T03:05:00Z");
  private static final String FEISHU_SECRET = "feishu-signing-secret";
  private static final String DINGTALK_SECRET = "SECdingtalk-signing-secret";
  private static final String FEISHU_APP_SECRET = "feishu-app-secret-value";

  private WireMockServer chat;
  private NotifyActivitiesImpl notify;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() {
    chat = new WireMockServer(wireMockConfig().dynamicPort());
    chat.start();
    Map<String, String> env =
        Map.of(
            "SLACK_URL",
            chat.baseUrl() + "/services/T0/B0/slacksecret",
            "FEISHU_URL",
            chat.baseUrl() + "/open-apis/bot/v2/hook/feishutoken",
            "FEISHU_SECRET",
            FEISHU_SECRET,
            "DINGTALK_URL",
            chat.baseUrl() + "/robot/send?access_token=dingtoken",
            "DINGTALK_SECRET",
            DINGTALK_SECRET,
            "FEISHU_APP_URL",
            chat.baseUrl() + "/open-apis/im/v1/messages?app_id=cli_runbooks&receive_id=oc_ops",
            "FEISHU_APP_SECRET",
            FEISHU_APP_SECRET,
            "RUNBOOK_UI_URL",
            "https://temporal.example.com");
    notify = new NotifyActivitiesImpl(env::get, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    chat.stop();
  }

  @Test
  void slack_getsBlockKitWithTheRunsLink() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/services/T0/B0/slacksecret")).willReturn(aResponse().withBody("ok")));

    assertThat(notify.notify(notification(new NotificationChannel("slack", "SLACK_URL")))).isOne();

    JsonNode body = body("/services/T0/B0/slacksecret");
    assertThat(body.path("text").asText())
        .startsWith("[CRITICAL] Approval needed: approve-failover");
    assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(body.path("blocks").get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(body.path("blocks").get(3).path("elements").get(0).path("url").asText())
        .isEqualTo(
            "https://temporal.example.com/namespaces/default/workflows/recovery%2Faws%2Fap-southeast-1%2Fc%2Fs");
  }

  /** A gate's notification carries Approve and Reject buttons that name the run and the gate. */
  @Test
  void slackGateNotification_offersApproveAndRejectButtons() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/services/T0/B0/slacksecret")).willReturn(aResponse().withBody("ok")));
    notify.notify(atGate(new NotificationChannel("slack", "SLACK_URL")));

    JsonNode buttons = body("/services/T0/B0/slacksecret").path("blocks").get(3).path("elements");
    assertThat(buttons.get(0).path("action_id").asText()).isEqualTo("runbook-approve");
    assertThat(buttons.get(0).path("style").asText()).isEqualTo("primary");
    assertThat(buttons.get(0).path("value").asText())
        .isEqualTo("recovery/aws/ap-southeast-1/c/s|run-1|approve-failover|ticket-1");
    assertThat(buttons.get(1).path("action_id").asText()).isEqualTo("runbook-reject");
    assertThat(buttons.get(2).path("url").asText()).startsWith("https://temporal.example.com/");
  }

  @Test
  void feishu_getsASignedInteractiveCard() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/open-apis/bot/v2/hook/feishutoken"))
            .willReturn(okJson("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));

    notify.notify(notification(new NotificationChannel("feishu", "FEISHU_URL", "FEISHU_SECRET")));

    JsonNode body = body("/open-apis/bot/v2/hook/feishutoken");
    long timestamp = NOW.getEpochSecond();
    assertThat(body.path("timestamp").asText()).isEqualTo(String.valueOf(timestamp));
    // Feishu's scheme: the key is "timestamp\nsecret", the data empty.
    assertThat(body.path("sign").asText()).isEqualTo(hmac(timestamp + "\n" + FEISHU_SECRET, ""));
    assertThat(body.path("msg_type").asText()).isEqualTo("interactive");
    assertThat(body.path("card").path("header").path("template").asText()).isEqualTo("red");
    assertThat(body.path("card").path("header").path("title").path("content").asText())
        .isEqualTo("Approval needed: approve-failover");
    assertThat(body.toString()).doesNotContain(FEISHU_SECRET);
  }

  @Test
  void dingtalk_signsTheUrl_andSendsMarkdown() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/robot/send"))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

    notify.notify(
        notification(new NotificationChannel("dingtalk", "DINGTALK_URL", "DINGTALK_SECRET")));

    LoggedRequest request = chat.findAll(postRequestedFor(urlPathEqualTo("/robot/send"))).get(0);
    long millis = NOW.toEpochMilli();
    assertThat(request.queryParameter("access_token").firstValue()).isEqualTo("dingtoken");
    assertThat(request.queryParameter("timestamp").firstValue()).isEqualTo(String.valueOf(millis));
    // DingTalk's scheme: the key is the secret, the data "timestamp\nsecret".
    // WireMock hands the query parameter back URL-decoded; the raw URL carries it encoded.
    assertThat(request.queryParameter("sign").firstValue())
        .isEqualTo(hmac(DINGTALK_SECRET, millis + "\n" + DINGTALK_SECRET));
    assertThat(request.getUrl()).doesNotContain("+").contains("sign=");
    JsonNode body = json.readTree(request.getBodyAsString());
    assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.path("markdown").path("text").asText())
        .contains("#### 🔴 Approval needed: approve-failover")
        .contains("[Open the run](https://temporal.example.com/");
    assertThat(request.getBodyAsString()).doesNotContain(DINGTALK_SECRET);
  }

  @Test
  void feishuAppChannel_sendsTheCardWithGateButtons_asTheAppsBot() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal"))
            .willReturn(
                okJson(
                    "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-abc\","
                        + "\"expire\":7200}")));
    chat.stubFor(
        post(urlPathEqualTo("/open-apis/im/v1/messages"))
            .willReturn(okJson("{\"code\":0,\"msg\":\"success\",\"data\":{}}")));
    Notification gate =
        atGate(new NotificationChannel("feishu", "FEISHU_APP_URL", "FEISHU_APP_SECRET"));

    notify.notify(gate);
    notify.notify(gate); // a retried activity: same uuid, and the token is reused

    List<LoggedRequest> tokens =
        chat.findAll(
            postRequestedFor(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal")));
    assertThat(tokens).hasSize(1);
    assertThat(json.readTree(tokens.get(0).getBodyAsString()))
        .isEqualTo(
            json.readTree(
                "{\"app_id\":\"cli_runbooks\",\"app_secret\":\"" + FEISHU_APP_SECRET + "\"}"));
    List<LoggedRequest> sends =
        chat.findAll(postRequestedFor(urlPathEqualTo("/open-apis/im/v1/messages")));
    assertThat(sends).hasSize(2);
    LoggedRequest send = sends.get(0);
    assertThat(send.getHeader("Authorization")).isEqualTo("Bearer t-abc");
    assertThat(send.queryParameter("receive_id_type").firstValue()).isEqualTo("chat_id");
    assertThat(send.queryParameter("app_id").isPresent()).isFalse();
    JsonNode body = json.readTree(send.getBodyAsString());
    assertThat(body.path("receive_id").asText()).isEqualTo("oc_ops");
    assertThat(body.path("msg_type").asText()).isEqualTo("interactive");
    assertThat(body.path("uuid").asText())
        .hasSize(32)
        .isEqualTo(json.readTree(sends.get(1).getBodyAsString()).path("uuid").asText());
    JsonNode card = json.readTree(body.path("content").asText());
    JsonNode buttons = card.path("elements").get(2).path("actions");
    assertThat(buttons.get(0).path("value"))
        .isEqualTo(
            json.readTree(
                "{\"action\":\"runbook-approve\","
                    + "\"workflowId\":\"recovery/aws/ap-southeast-1/c/s\",\"runId\":\"run-1\","
                    + "\"gate\":\"approve-failover\",\"ticket\":\"ticket-1\"}"));
    assertThat(buttons.get(1).path("value").path("action").asText()).isEqualTo("runbook-reject");
    assertThat(buttons.get(2).path("url").asText()).startsWith("https://temporal.example.com/");
    assertThat(send.getBodyAsString()).doesNotContain(FEISHU_APP_SECRET);
  }

  @Test
  void feishuAppChannel_expiredToken_isFetchedAnewOnTheRetry() {
    chat.stubFor(
        post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal"))
            .willReturn(okJson("{\"code\":0,\"tenant_access_token\":\"t-old\",\"expire\":7200}")));
    chat.stubFor(
        post(urlPathEqualTo("/open-apis/im/v1/messages"))
            .willReturn(
                okJson("{\"code\":99991663,\"msg\":\"Invalid access token for authorization\"}")));
    Notification gate =
        atGate(new NotificationChannel("feishu", "FEISHU_APP_URL", "FEISHU_APP_SECRET"));

    assertThatThrownBy(() -> notify.notify(gate))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    assertThatThrownBy(() -> notify.notify(gate)).isInstanceOf(ApplicationFailure.class);

    assertThat(
            chat.findAll(
                postRequestedFor(
                    urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal"))))
        .hasSize(2);
  }

  @Test
  void dingtalkGateNotification_isAnActionCardWhoseButtonsSendTheDecision() throws Exception {
    chat.stubFor(
        post(urlPathEqualTo("/robot/send"))
            .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

    notify.notify(atGate(new NotificationChannel("dingtalk", "DINGTALK_URL", "DINGTALK_SECRET")));

    JsonNode body =
        json.readTree(
            chat.findAll(postRequestedFor(urlPathEqualTo("/robot/send"))).get(0).getBodyAsString());
    assertThat(body.path("msgtype").asText()).isEqualTo("actionCard");
    JsonNode buttons = body.path("actionCard").path("btns");
    assertThat(buttons.get(0).path("title").asText()).isEqualTo("Approve");
    assertThat(buttons.get(0).path("actionURL").asText())
        .isEqualTo(
            "dtmd://dingtalkclient/sendMessage?content=runbook%20approve%20"
                + "recovery%2Faws%2Fap-southeast-1%2Fc%2Fs%20run-1%20approve-failover%20ticket-1");
    assertThat(buttons.get(1).path("actionURL").asText()).contains("runbook%20reject%20");
    assertThat(buttons.get(2).path("actionURL").asText())
        .startsWith("https://temporal.example.com/");
    assertThat(body.path("actionCard").path("text").asText())
        .contains(
            "runbook approve recovery/aws/ap-southeast-1/c/s run-1 approve-failover ticket-1");
  }

  /** The notification of a run waiting at gate {@code approve-failover}. */
  private static Notification atGate(NotificationChannel channel) {
    Notification base = notification(channel);
    return new Notification(
        base.service(),
        base.procedure(),
        base.workflowId(),
        base.incidentId(),
        base.level(),
        base.title(),
        base.message(),
        base.channels(),
        "approve-failover",
        "run-1",
        "ticket-1");
  }

  /** A 200 with an error code (a wrong signature) is a refusal, said with the channel's words. */
  @Test
  void dingtalkRefusal_isNotADelivery() {
    chat.stubFor(
        post(urlPathEqualTo("/robot/send"))
            .willReturn(okJson("{\"errcode\":310000,\"errmsg\":\"sign not match\"}")));

    assertThatThrownBy(
            () ->
                notify.notify(
                    notification(
                        new NotificationChannel("dingtalk", "DINGTALK_URL", "DINGTALK_SECRET"))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "dingtalk channel from DINGTALK_URL refused the message: 310000 sign not match");
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  private JsonNode body(String path) throws Exception {
    chat.verify(
        postRequestedFor(urlPathEqualTo(path))
            .withHeader("Content-Type", equalTo("application/json")));
    return json.readTree(
        chat.findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString());
  }

  private static String hmac(String key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private static Notification notification(NotificationChannel channel) {
    return new Notification(
        "gitee-notion-sync",
        "RegionFailover",
        "recovery/aws/ap-southeast-1/c/s",
        "INC-42",
        Level.CRITICAL,
        "Approval needed: approve-failover",
        "Switch sync.example.com to the standby? Primary unreachable.",
        List.of(channel));
  }
}
