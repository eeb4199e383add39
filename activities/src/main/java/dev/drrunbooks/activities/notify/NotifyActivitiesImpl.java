package dev.drrunbooks.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.runbook.UiLinks;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to the profile's channels: the worker log; Slack (Block Kit), Feishu
 * (interactive card, signed), DingTalk (markdown, signed) and plain JSON webhooks, whose URL and
 * signing secret are read from the environment here, so neither enters a workflow's history. Each
 * message carries the run's link in the Temporal UI when {@code RUNBOOK_UI_URL} is set. A webhook
 * that answers 5xx or not at all fails the attempt so Temporal retries it; the log line is written
 * on each attempt, which is harmless.
 */
public class NotifyActivitiesImpl implements NotifyActivities {

  private static final Logger log = LoggerFactory.getLogger("dr-runbooks.notify");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final UnaryOperator<String> environment;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();
  private final FeishuAppBot feishuApp;

  public NotifyActivitiesImpl() {
    this(System::getenv);
  }

  public NotifyActivitiesImpl(UnaryOperator<String> environment) {
    this(environment, Clock.systemUTC());
  }

  public NotifyActivitiesImpl(UnaryOperator<String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
    this.feishuApp = new FeishuAppBot(http, json, clock, TIMEOUT);
  }

  @Override
  public int notify(Notification n) {
    int delivered = 0;
    for (NotificationChannel channel : n.channels()) {
      if ("log".equals(channel.type()) || channel.type() == null) {
        logLine(n);
        delivered++;
      } else {
        delivered += send(channel, n) ? 1 : 0;
      }
    }
    return delivered;
  }

  /** The run's page in the Temporal UI, when the worker knows the UI's address. */
  private String link(Notification n) {
    String namespace = environment.apply("TEMPORAL_NAMESPACE");
    return UiLinks.of(
        environment.apply("RUNBOOK_UI_URL"),
        namespace == null || namespace.isBlank() ? "default" : namespace,
        n.workflowId());
  }

  private void logLine(Notification n) {
    String line = "[{}] {} {} ({}{}): {} — {}";
    Object[] args = {
      n.level(),
      n.procedure(),
      n.service(),
      n.workflowId(),
      n.incidentId() == null ? "" : ", incident " + n.incidentId(),
      n.title(),
      n.message()
    };
    switch (n.level()) {
      case CRITICAL -> log.error(line, args);
      case WARNING -> log.warn(line, args);
      default -> log.info(line, args);
    }
  }

  private boolean sendAsFeishuApp(String url, String appSecret, String urlEnv, Notification n) {
    try {
      feishuApp.send(
          url, appSecret, ChannelFormats.feishuCard(n, link(n), true), dedupKey(n), urlEnv);
      return true;
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "feishu channel from " + urlEnv + " unreachable: " + e.getClass().getSimpleName(),
          "NotifyFailed");
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "feishu URL in " + urlEnv + " is not a valid URL", "NotifyFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "NotifyFailed");
    }
  }

  /** The same notification, retried, has the same key: 32 hex digits of its SHA-256. */
  static String dedupKey(Notification n) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      String identity =
          String.join(
              "\n",
              String.valueOf(n.workflowId()),
              String.valueOf(n.gate()),
              String.valueOf(n.level()),
              String.valueOf(n.title()),
              String.valueOf(n.message()));
      return java.util.HexFormat.of()
          .formatHex(sha.digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Posts the notification in the channel's own format; a 2xx with an error code fails too. */
  private boolean send(NotificationChannel channel, Notification n) {
    String urlEnv = channel.urlEnv();
    String url = urlEnv == null ? null : environment.apply(urlEnv);
    if (url == null || url.isBlank()) {
      log.warn("{} channel skipped: environment variable {} is not set", channel.type(), urlEnv);
      return false;
    }
    String secret = channel.secretEnv() == null ? null : environment.apply(channel.secretEnv());
    if ("email".equals(channel.type())) {
      EmailSender.send(url, secret, channel.recipients(), n, link(n));
      return true;
    }
    long now = clock.millis();
    if ("feishu".equals(channel.type()) && FeishuAppBot.isApp(url)) {
      return sendAsFeishuApp(url, secret, urlEnv, n);
    }
    Map<String, Object> body =
        switch (channel.type()) {
          case "slack" -> ChannelFormats.slack(n, link(n));
          case "feishu" -> ChannelFormats.feishu(n, link(n), now / 1000, secret);
          case "dingtalk" -> ChannelFormats.dingtalk(n, link(n));
          default -> ChannelFormats.webhook(n, link(n));
        };
    if ("dingtalk".equals(channel.type()) && secret != null && !secret.isBlank()) {
      url = ChannelFormats.dingtalkSigned(url, now, secret);
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status < 200 || status >= 300) {
        // The URL is a secret: name the variable, never the value.
        throw ApplicationFailure.newFailure(
            channel.type() + " channel from " + urlEnv + " answered " + status, "NotifyFailed");
      }
      String refused = ChannelFormats.refusal(channel.type(), response.body(), json);
      if (refused != null) {
        // Feishu and DingTalk answer 200 with an error code (a bad signature, a wrong keyword).
        throw ApplicationFailure.newNonRetryableFailure(
            channel.type() + " channel from " + urlEnv + " refused the message: " + refused,
            "NotifyRefused");
      }
      return true;
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot encode notification: " + e.getMessage(), "NotifyFailed");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          channel.type()
              + " channel from "
              + urlEnv
              + " unreachable: "
              + e.getClass().getSimpleName(),
          "NotifyFailed");
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          channel.type() + " URL in " + urlEnv + " is not a valid URL", "NotifyFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "NotifyFailed");
    }
  }
}
