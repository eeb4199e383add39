package dev.drrunbooks.receiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.Trigger;
import dev.drrunbooks.text.Untrusted;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an Alertmanager webhook into incidents: authenticates it, routes each alert to a service,
 * opens (or joins) that service's incident for a firing one and records a resolved one on the open
 * incident. The HTTP layer only hands bodies and headers in; every answer, with its status code, is
 * decided here.
 *
 * <p>Answers: 401 without the right bearer token, 413 over the size limit, 400 for a body that is
 * not an Alertmanager v4 payload (with the reason) — none starts anything. 503 when Temporal does
 * not take the signal, so Alertmanager sends the alerts again. Otherwise 200 with what happened to
 * each alert.
 */
public final class AlertReceiver {

  /** Alertmanager groups; a real payload is a few KB. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  /**
   * The most alerts one request may carry: a group this large is a storm that Alertmanager's {@code
   * max_alerts} should cut; past it the request is refused whole, before anything starts.
   */
  public static final int MAX_ALERTS = 500;

  static final String REQUESTED_BY = "alert-receiver";

  private static final Logger log = LoggerFactory.getLogger(AlertReceiver.class);

  /** An answer: the HTTP status and a JSON body. */
  public record Answer(int status, Map<String, Object> body) {}

  /** One alert, whatever sent it. */
  record Received(
      String source,
      boolean firing,
      Map<String, String> labels,
      String summary,
      String fingerprint,
      java.time.Instant startsAt) {}

  private final AlertRoutes routes;
  private final IncidentOpener incidents;
  private final byte[] token;
  private final Clock clock;
  private final ReceiverMetrics metrics;
  private final SnsVerifier sns;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * @param token the bearer token Alertmanager sends ({@code http_config.authorization}); never
   *     logged
   */
  public AlertReceiver(
      AlertRoutes routes,
      IncidentOpener incidents,
      String token,
      Clock clock,
      ReceiverMetrics metrics) {
    this(routes, incidents, token, clock, metrics, null);
  }

  /**
   * @param sns verifies CloudWatch alarms delivered by SNS; null: {@code /alerts/cloudwatch} is not
   *     configured and says so
   */
  public AlertReceiver(
      AlertRoutes routes,
      IncidentOpener incidents,
      String token,
      Clock clock,
      ReceiverMetrics metrics,
      SnsVerifier sns) {
    this.sns = sns;
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException(
          "the receiver needs a bearer token of at least 16 characters (RUNBOOK_RECEIVER_TOKEN)");
    }
    this.routes = routes;
    this.incidents = incidents;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.metrics = metrics;
  }

  public ReceiverMetrics metrics() {
    return metrics;
  }

  public Answer alertmanager(String authorization, byte[] body) {
    long arrived = System.nanoTime();
    if (!authorized(authorization)) {
      return refuse(401, "missing or wrong bearer token");
    }
    if (body == null || body.length == 0) {
      return refuse(400, "empty body: expected an Alertmanager webhook (version 4)");
    }
    if (body.length > MAX_BODY_BYTES) {
      return refuse(413, "body of " + body.length + " bytes is over " + MAX_BODY_BYTES);
    }
    AlertmanagerWebhook hook;
    try {
      hook = json.readValue(body, AlertmanagerWebhook.class);
    } catch (JsonProcessingException e) {
      return refuse(400, "not an Alertmanager webhook: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return refuse(400, "unreadable body: " + e.getMessage());
    }
    if (!"4".equals(hook.version())) {
      return refuse(400, "Alertmanager webhook version '" + hook.version() + "' is not 4");
    }
    if (hook.alerts() == null || hook.alerts().isEmpty()) {
      return refuse(400, "the payload has no alerts");
    }
    if (hook.alerts().size() > MAX_ALERTS) {
      return refuse(
          413,
          hook.alerts().size()
              + " alerts in one request; at most "
              + MAX_ALERTS
              + ": set max_alerts in Alertmanager's webhook_config");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    boolean malformed = false;
    for (int i = 0; i < hook.alerts().size(); i++) {
      AlertmanagerWebhook.Alert alert = hook.alerts().get(i);
      String wrong = malformed(alert);
      if (wrong != null) {
        // Said for this alert alone: the others of the batch are still taken.
        malformed = true;
        results.add(refusedAt(i, wrong));
        continue;
      }
      Map<String, Object> result;
      try {
        result = handle(fromAlertmanager(alert), arrived);
      } catch (RuntimeException unavailable) {
        // Temporal did not take it: Alertmanager retries a 5xx, and a retry joins, never doubles.
        log.warn(
            "alert {} not delivered: {}: {}",
            alert.fingerprint(),
            unavailable.getClass().getSimpleName(),
            unavailable.getMessage());
        metrics.count("requests.503");
        return new Answer(
            503,
            Map.of(
                "error",
                "the Temporal server did not take the alert: " + unavailable.getMessage(),
                "alerts",
                results));
      }
      metrics.count("alerts." + result.get("action"));
      results.add(result);
    }
    if (malformed) {
      // A 4xx: Alertmanager does not send again what can never be taken; the rest was taken.
      metrics.count("requests.400");
      return new Answer(
          400,
          Map.of("error", "some alerts are malformed; the others were taken", "alerts", results));
    }
    metrics.count("requests.200");
    return new Answer(200, Map.of("alerts", results));
  }

  /** One alert of a batch refused, at its index, with why. */
  private Map<String, Object> refusedAt(int index, String wrong) {
    Map<String, Object> refused = new LinkedHashMap<>();
    refused.put("index", index);
    refused.put("action", "refused");
    refused.put("reason", wrong);
    metrics.count("alerts.refused");
    return refused;
  }

  /** Why an alert of the payload cannot be taken, or null: checked before anything is sent. */
  private static String malformed(AlertmanagerWebhook.Alert alert) {
    if (alert == null) {
      return "the alert is null";
    }
    for (var part : java.util.Arrays.asList(alert.labels(), alert.annotations())) {
      if (part == null) {
        continue;
      }
      for (Map.Entry<String, String> e : part.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          return "label or annotation '" + e.getKey() + "' has no value (null)";
        }
      }
    }
    return null;
  }

  /**
   * A CloudWatch alarm delivered by SNS over HTTP(S). SNS sends no bearer token: the message's own
   * signature, its certificate's host and its topic are what is checked. A subscription is
   * confirmed once verified; an alarm going to ALARM fires, back to OK resolves.
   */
  public Answer cloudwatch(byte[] body) {
    long arrived = System.nanoTime();
    if (sns == null) {
      return refuse(
          404, "CloudWatch alarms are not configured: set RUNBOOK_SNS_TOPICS to the topic ARNs");
    }
    if (body == null || body.length == 0) {
      return refuse(400, "empty body: expected an SNS message");
    }
    if (body.length > MAX_BODY_BYTES) {
      return refuse(413, "body of " + body.length + " bytes is over " + MAX_BODY_BYTES);
    }
    SnsMessage m;
    try {
      m = json.readValue(body, SnsMessage.class);
    } catch (java.io.IOException e) {
      return refuse(400, "not an SNS message: " + e.getMessage().split("\n")[0]);
    }
    if (m.type() == null) {
      return refuse(400, "not an SNS message: no Type");
    }
    String forged = sns.problem(m);
    if (forged != null) {
      log.warn("refused an SNS message {}: {}", m.messageId(), forged);
      return refuse(401, forged);
    }
    if (sns.alreadyTaken(m)) {
      // SNS delivers at least once: a copy of a message taken already changes nothing.
      metrics.count("requests.200");
      return new Answer(
          200, Map.of("duplicate", m.messageId(), "reason", "this message was already taken"));
    }
    switch (m.type()) {
      case SnsMessage.SUBSCRIPTION_CONFIRMATION -> {
        String failed = sns.confirm(m);
        if (failed != null) {
          return refuse(502, failed);
        }
        log.info("confirmed the SNS subscription to {}", m.topicArn());
        metrics.count("requests.200");
        return new Answer(200, Map.of("confirmed", m.topicArn()));
      }
      case SnsMessage.UNSUBSCRIBE_CONFIRMATION -> {
        log.warn("unsubscribed from {}: its alarms no longer reach the receiver", m.topicArn());
        metrics.count("requests.200");
        return new Answer(200, Map.of("unsubscribed", m.topicArn()));
      }
      case SnsMessage.NOTIFICATION -> {
        return alarm(m, arrived);
      }
      default -> {
        return refuse(400, "SNS message type '" + m.type() + "' is not handled");
      }
    }
  }

  /** An SNS notification that carries a CloudWatch alarm: ALARM fires, OK resolves. */
  private Answer alarm(SnsMessage m, long arrived) {
    CloudWatchAlarm alarm;
    try {
      alarm = json.readValue(m.message(), CloudWatchAlarm.class);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return refuse(400, "the notification's Message is not a CloudWatch alarm");
    }
    if (alarm.alarmName() == null || alarm.newStateValue() == null) {
      return refuse(400, "the notification's Message is not a CloudWatch alarm");
    }
    if (!"ALARM".equals(alarm.newStateValue()) && !"OK".equals(alarm.newStateValue())) {
      metrics.count("alerts.ignored");
      metrics.count("requests.200");
      return new Answer(
          200,
          Map.of(
              "alerts",
              List.of(
                  Map.of(
                      "alertname",
                      alarm.alarmName(),
                      "action",
                      "ignored",
                      "reason",
                      "state " + alarm.newStateValue()))));
    }
    Map<String, Object> result;
    try {
      result = handle(fromCloudWatch(alarm), arrived);
    } catch (RuntimeException unavailable) {
      log.warn("alarm {} not delivered: {}", alarm.alarmName(), unavailable.getMessage());
      metrics.count("requests.503");
      return new Answer(
          503,
          Map.of(
              "error", "the Temporal server did not take the alarm: " + unavailable.getMessage()));
    }
    metrics.count("alerts." + result.get("action"));
    metrics.count("requests.200");
    sns.handled(m);
    return new Answer(200, Map.of("alerts", List.of(result)));
  }

  private static final java.time.format.DateTimeFormatter CLOUDWATCH_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** The alarm as labels routes can match: its name, metric, namespace, region and dimensions. */
  private static Received fromCloudWatch(CloudWatchAlarm alarm) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alarmName", alarm.alarmName());
    put(labels, "region", alarm.region());
    put(labels, "accountId", alarm.accountId());
    if (alarm.trigger() != null) {
      put(labels, "metricName", alarm.trigger().metricName());
      put(labels, "namespace", alarm.trigger().namespace());
      if (alarm.trigger().dimensions() != null) {
        for (CloudWatchAlarm.Dimension d : alarm.trigger().dimensions()) {
          put(labels, "dimension." + d.name(), d.value());
        }
      }
    }
    java.time.Instant changed = null;
    try {
      changed =
          alarm.stateChangeTime() == null
              ? null
              : java.time.OffsetDateTime.parse(alarm.stateChangeTime(), CLOUDWATCH_TIME)
                  .toInstant();
    } catch (java.time.format.DateTimeParseException unparsable) {
      // The detection time then is the incident's opening.
    }
    String why = alarm.newStateReason() != null ? alarm.newStateReason() : alarm.alarmDescription();
    return new Received(
        "cloudwatch",
        "ALARM".equals(alarm.newStateValue()),
        labels,
        why == null ? null : oneLine(why, 500),
        alarm.alarmArn() != null ? alarm.alarmArn() : alarm.alarmName(),
        changed);
  }

  private static void put(Map<String, String> labels, String key, String value) {
    if (value != null) {
      labels.put(key, value);
    }
  }

  private static Received fromAlertmanager(AlertmanagerWebhook.Alert alert) {
    return new Received(
        "alertmanager",
        alert.firing(),
        alert.labelsOrEmpty(),
        reason(alert),
        alert.fingerprint(),
        alert.startsAt());
  }

  Map<String, Object> handle(Received received, long arrived) {
    Received alert = withPlausibleStart(received);
    Map<String, String> labels = alert.labels();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("fingerprint", alert.fingerprint());
    result.put("alertname", labels.getOrDefault("alertname", labels.get("alarmName")));
    AlertRoutes.Route route = routes.route(labels);
    if (route == null) {
      result.put("action", "no-route");
      return result;
    }
    result.put("route", route.name());
    String service = route.serviceOf(labels);
    if (service == null) {
      result.put("action", "refused");
      result.put("reason", "the alert has no '" + route.serviceLabel() + "' label");
      return result;
    }
    String name =
        route.trigger() != null
            ? route.trigger()
            : labels.getOrDefault("alertname", labels.get("alarmName"));
    Trigger trigger =
        new Trigger(
            alert.firing() ? Trigger.ALERT : Trigger.RESOLVED,
            alert.source(),
            oneLine(name == null ? route.name() : name, 200),
            labels,
            alert.fingerprint(),
            alert.startsAt());
    IncidentRequest request =
        new IncidentRequest(
            service, null, trigger, route.procedure(), false, alert.summary(), REQUESTED_BY, null);
    List<String> problems = alert.firing() ? request.problems() : List.of();
    if (!problems.isEmpty()) {
      result.put("action", "refused");
      result.put("reason", String.join("; ", problems));
      return result;
    }
    try {
      if (!alert.firing()) {
        result.put(
            "action",
            incidents.recordResolved(request) ? "resolved-recorded" : "resolved-no-incident");
        return result;
      }
      if (alert.startsAt() != null && route.minFiringSeconds() > 0) {
        Duration firing = Duration.between(alert.startsAt(), clock.instant());
        if (firing.toSeconds() < route.minFiringSeconds()) {
          result.put("action", "waiting");
          result.put(
              "reason",
              "firing for " + firing.toSeconds() + " s of the route's " + route.minFiringSeconds());
          return result;
        }
      }
      IncidentOpener.Outcome outcome = incidents.open(request);
      metrics.alertToStart((System.nanoTime() - arrived) / 1000);
      result.put("action", outcome.joined() ? "joined" : "opened");
      result.put("incident", outcome.workflowId());
      return result;
    } catch (IncidentOpener.UnknownServiceException unknown) {
      log.error("route {} names an unknown service: {}", route.name(), unknown.getMessage());
      result.put("action", "refused");
      result.put("reason", unknown.getMessage());
      return result;
    }
  }

  /**
   * An alert whose start is implausibly old (Alertmanager's zero time 0001-01-01, a wrong clock) is
   * taken with no start: its incident measures from its opening instead of being refused.
   */
  private Received withPlausibleStart(Received alert) {
    if (alert.startsAt() == null
        || !alert
            .startsAt()
            .isBefore(
                clock.instant().minus(dev.drrunbooks.runbook.RunbookRequest.MAX_DETECTION_AGE))) {
      return alert;
    }
    return new Received(
        alert.source(), alert.firing(), alert.labels(), alert.summary(), alert.fingerprint(), null);
  }

  /** The summary annotation, else the description, else the alert's name: one line. */
  private static String reason(AlertmanagerWebhook.Alert alert) {
    Map<String, String> a = alert.annotations() == null ? Map.of() : alert.annotations();
    String text = a.getOrDefault("summary", a.get("description"));
    return text == null ? null : oneLine(text, 500);
  }

  static String oneLine(String text, int max) {
    // Shown harmless wherever printed; in the request itself, controls become spaces, so the
    // incident's own checks (which refuse control characters) never refuse an alert for its text.
    StringBuilder flat = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> flat.appendCodePoint(Untrusted.unsafe(cp) ? ' ' : cp));
    String line = flat.toString().replaceAll(" {2,}", " ").trim();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  private boolean authorized(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = authorization.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  private Answer refuse(int status, String reason) {
    metrics.count("requests." + status);
    return new Answer(status, Map.of("error", reason));
  }

  /** The answer's body as JSON. */
  public String render(Answer answer) {
    try {
      return json.writeValueAsString(answer.body());
    } catch (JsonProcessingException e) {
      return "{\"error\":\"unrenderable answer\"}";
    }
  }
}
