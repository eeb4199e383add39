package dev.drrunbooks.activities.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.Notification.Level;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotifyActivitiesImplTest {

  private WireMockServer hook;
  private String secretUrl;

  @BeforeEach
  void setUp() {
    hook = new WireMockServer(wireMockConfig().dynamicPort());
    hook.start();
    secretUrl = hook.baseUrl() + "/hooks/T000/SECRET-TOKEN";
  }

  @AfterEach
  void tearDown() {
    hook.stop();
  }

  @Test
  void webhook_postsJsonToUrlFromEnvironment() {
    hook.stubFor(
        post(urlEqualTo("/hooks/T000/SECRET-TOKEN")).willReturn(aResponse().withStatus(200)));
    NotifyActivitiesImpl notify = new NotifyActivitiesImpl(Map.of("DR_HOOK", secretUrl)::get);

    int delivered =
        notify.notify(
            notification(
                List.of(
                    new NotificationChannel("log", null),
                    new NotificationChannel("webhook", "DR_HOOK"))));

    assertThat(delivered).isEqualTo(2);
    hook.verify(
        postRequestedFor(urlEqualTo("/hooks/T000/SECRET-TOKEN"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                matchingJsonPath(
                    "$.text",
                    equalTo("[WARNING] Approval needed: approve-rollback: Roll back :42 to :41?")))
            .withRequestBody(matchingJsonPath("$.workflowId", equalTo("app-rollback-sandbox")))
            .withRequestBody(matchingJsonPath("$.incidentId", equalTo("INC-1"))));
  }

  /** The webhook URL is a secret: a failure names the variable, never the URL. */
  @Test
  void webhookFailure_isRetryable_andDoesNotLeakTheUrl() {
    hook.stubFor(
        post(urlEqualTo("/hooks/T000/SECRET-TOKEN")).willReturn(aResponse().withStatus(503)));
    NotifyActivitiesImpl notify = new NotifyActivitiesImpl(Map.of("DR_HOOK", secretUrl)::get);

    assertThatThrownBy(
            () ->
                notify.notify(notification(List.of(new NotificationChannel("webhook", "DR_HOOK")))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage())
                  .contains("DR_HOOK")
                  .contains("503")
                  .doesNotContain("SECRET-TOKEN");
            });
  }

  @Test
  void missingWebhookVariable_skipsThatChannel() {
    NotifyActivitiesImpl notify = new NotifyActivitiesImpl(name -> null);

    assertThat(notify.notify(notification(List.of(new NotificationChannel("webhook", "DR_HOOK")))))
        .isZero();
    assertThat(hook.getAllServeEvents()).isEmpty();
  }

  private static Notification notification(List<NotificationChannel> channels) {
    return new Notification(
        "sandbox",
        "AppRollback",
        "app-rollback-sandbox",
        "INC-1",
        Level.WARNING,
        "Approval needed: approve-rollback",
        "Roll back :42 to :41?",
        channels);
  }
}
