package dev.drrunbooks.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to the profile's channels: the worker log, and webhooks (Slack, Teams,
 * DingTalk or any endpoint taking JSON) whose URL is read from the environment here, so it never
 * enters a workflow's history. A webhook that answers 5xx or not at all fails the attempt so
 * Temporal retries it; the log line is written on each attempt, which is harmless.
 */
public class NotifyActivitiesImpl implements NotifyActivities {

  private static final Logger log = LoggerFactory.getLogger("dr-runbooks.notify");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final UnaryOperator<String> environment;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  public NotifyActivitiesImpl() {
    this(System::getenv);
  }

  public NotifyActivitiesImpl(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public int notify(Notification n) {
    int delivered = 0;
    for (NotificationChannel channel : n.channels()) {
      if ("webhook".equals(channel.type())) {
        delivered += webhook(channel.urlEnv(), n) ? 1 : 0;
      } else {
        logLine(n);
        delivered++;
      }
    }
    return delivered;
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

  private boolean webhook(String urlEnv, Notification n) {
    String url = urlEnv == null ? null : environment.apply(urlEnv);
    if (url == null || url.isBlank()) {
      log.warn("Webhook channel skipped: environment variable {} is not set", urlEnv);
      return false;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", "[" + n.level() + "] " + n.title() + ": " + n.message());
    body.put("level", n.level().name());
    body.put("service", n.service());
    body.put("procedure", n.procedure());
    body.put("workflowId", n.workflowId());
    body.put("incidentId", n.incidentId());
    body.put("title", n.title());
    body.put("message", n.message());
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return true;
      }
      // The URL is a secret: name the variable, never the value.
      throw ApplicationFailure.newFailure(
          "webhook from " + urlEnv + " answered " + status, "NotifyFailed");
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot encode notification: " + e.getMessage(), "NotifyFailed");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook from " + urlEnv + " unreachable: " + e.getClass().getSimpleName(),
          "NotifyFailed");
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "webhook URL in " + urlEnv + " is not a valid URL", "NotifyFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "NotifyFailed");
    }
  }
}
