package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.Trigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every answer of the receiver, with what it asks of the incidents (nothing, when refused). */
class AlertReceiverTest {

  private static final String TOKEN = "test-token-0123456789";
  private static final Instant NOW = Instant.parse("2026-11-21T03:10:00Z");

  private final Recorder incidents = new Recorder();
  private final AlertReceiver receiver =
      new AlertReceiver(
          AlertRoutes.load(Path.of("..", "runbooks", "alert-routes.yaml")),
          incidents,
          TOKEN,
          Clock.fixed(NOW, ZoneOffset.UTC),
          new ReceiverMetrics());

  @Test
  void firingAlert_opensTheIncidentOfTheServiceItsLabelNames() {
    AlertReceiver.Answer answer =
        post(payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-1", "03:01:00"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(results(answer))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("action")).isEqualTo("opened");
              assertThat(r.get("route")).isEqualTo("sync-error-rate");
              assertThat(r.get("incident")).isEqualTo("incident/x");
            });
    IncidentRequest sent = incidents.opened.get(0);
    assertThat(sent.service()).isEqualTo("gitee-notion-sync");
    assertThat(sent.procedure()).isEqualTo("app-rollback");
    assertThat(sent.reason()).isEqualTo("5xx above 5% for the sync API");
    assertThat(sent.requestedBy()).isEqualTo("alert-receiver");
    assertThat(sent.detectedAt()).isEqualTo(Instant.parse("2026-11-21T03:01:00Z"));
    Trigger t = sent.trigger();
    assertThat(t.kind()).isEqualTo(Trigger.ALERT);
    assertThat(t.source()).isEqualTo("alertmanager");
    assertThat(t.name()).isEqualTo("error-rate-spike");
    assertThat(t.fingerprint()).isEqualTo("fp-1");
    assertThat(t.labels()).containsEntry("severity", "page");
  }

  @Test
  void resolvedAlert_isRecordedOnTheOpenIncident_andNeverOpensOne() {
    AlertReceiver.Answer answer =
        post(payload("resolved", "SyncErrorRateHigh", "gitee-notion-sync", "fp-1", "03:01:00"));

    assertThat(results(answer))
        .singleElement()
        .satisfies(r -> assertThat(r.get("action")).isEqualTo("resolved-recorded"));
    assertThat(incidents.opened).isEmpty();
    assertThat(incidents.resolved)
        .singleElement()
        .satisfies(r -> assertThat(r.trigger().kind()).isEqualTo(Trigger.RESOLVED));
  }

  @Test
  void alertFiringShorterThanTheRouteAsks_waits() {
    AlertReceiver.Answer answer =
        post(payload("firing", "SyncHealthCheckFailing", "gitee-notion-sync", "fp-2", "03:09:30"));

    assertThat(results(answer))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("action")).isEqualTo("waiting");
              assertThat(r.get("reason")).isEqualTo("firing for 30 s of the route's 120");
            });
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void alertNoRouteMatches_startsNothing() {
    AlertReceiver.Answer answer =
        post(payload("firing", "DiskAlmostFull", "gitee-notion-sync", "fp-3", "03:01:00"));

    assertThat(results(answer))
        .singleElement()
        .satisfies(r -> assertThat(r.get("action")).isEqualTo("no-route"));
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void unknownService_isRefusedForThatAlert() {
    AlertReceiver.Answer answer =
        post(payload("firing", "SyncErrorRateHigh", "billing", "fp-4", "03:01:00"));

    assertThat(results(answer))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("action")).isEqualTo("refused");
              assertThat(r.get("reason")).asString().contains("no profile for service 'billing'");
            });
  }

  @Test
  void withoutTheToken_orWithAnother_401_andNothingStarts() {
    byte[] body =
        payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-1", "03:01:00")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(receiver.alertmanager(null, body).status()).isEqualTo(401);
    assertThat(receiver.alertmanager("Bearer wrong-token-0123456789", body).status())
        .isEqualTo(401);
    assertThat(receiver.alertmanager("Basic " + TOKEN, body).status()).isEqualTo(401);
    assertThat(incidents.opened).isEmpty();
    assertThat(receiver.metrics().snapshot()).containsEntry("requests.401", 3L);
  }

  @Test
  void malformedOversizedOrOtherVersion_400or413_withTheReason() {
    assertThat(post("{\"version\":\"4\",\"alerts\":[").body().get("error"))
        .asString()
        .startsWith("not an Alertmanager webhook");
    AlertReceiver.Answer v3 = post("{\"version\":\"3\",\"alerts\":[{}]}");
    assertThat(v3.status()).isEqualTo(400);
    assertThat(v3.body().get("error")).isEqualTo("Alertmanager webhook version '3' is not 4");
    assertThat(post("{\"version\":\"4\",\"alerts\":[]}").body().get("error"))
        .isEqualTo("the payload has no alerts");
    AlertReceiver.Answer big =
        receiver.alertmanager("Bearer " + TOKEN, new byte[AlertReceiver.MAX_BODY_BYTES + 1]);
    assertThat(big.status()).isEqualTo(413);
    assertThat(incidents.opened).isEmpty();
  }

  @Test
  void temporalNotTakingTheSignal_503_soAlertmanagerSendsAgain() {
    incidents.down = true;

    AlertReceiver.Answer answer =
        post(payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-1", "03:01:00"));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body().get("error")).asString().contains("UNAVAILABLE");
  }

  @Test
  void aShortToken_isRefusedAtStart() {
    assertThatThrownBy(
            () ->
                new AlertReceiver(
                    new AlertRoutes(List.of()),
                    incidents,
                    "short",
                    Clock.systemUTC(),
                    new ReceiverMetrics()))
        .hasMessageContaining("at least 16 characters");
  }

  @Test
  void routesFile_withMistakes_namesEachRouteAndField() throws Exception {
    Path bad = java.nio.file.Files.createTempFile("routes", ".yaml");
    java.nio.file.Files.writeString(
        bad,
        "routes:\n  - name: r1\n    match: {}\n    service: a\n    serviceLabel: b\n    procedure: reboot\n");

    assertThatThrownBy(() -> AlertRoutes.load(bad))
        .hasMessageContaining("routes[0] (r1).match must name at least one label")
        .hasMessageContaining("routes[0] (r1) needs exactly one of service and serviceLabel")
        .hasMessageContaining("routes[0] (r1).procedure must be one of");
  }

  private AlertReceiver.Answer post(String json) {
    return receiver.alertmanager("Bearer " + TOKEN, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A null alert or a null label is that alert's 400, never a 500 or a 503 for the batch. */
  @Test
  void nullAlertAndNullLabel_areRefusedWithAReason_andTheRestOfTheBatchIsTaken() {
    String good = payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-9", "03:01:00");
    String alert = good.substring(good.indexOf("[{") + 1, good.lastIndexOf("}]") + 1);
    String batch =
        good.replace(
            "\"alerts\":[" + alert + "]",
            "\"alerts\":[null,"
                + alert.replace("\"severity\":\"page\"", "\"severity\":null")
                + ","
                + alert
                + "]");

    AlertReceiver.Answer answer = post(batch);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(results(answer)).hasSize(3);
    assertThat(results(answer).get(0))
        .containsEntry("action", "refused")
        .containsEntry("reason", "the alert is null");
    assertThat(results(answer).get(1).get("reason").toString())
        .isEqualTo("label or annotation 'severity' has no value (null)");
    assertThat(results(answer).get(2)).containsEntry("action", "opened");
    assertThat(incidents.opened).hasSize(1);
  }

  /** Alertmanager's zero time as startsAt opens the incident, measured from its opening. */
  @Test
  void alertStartingInYearOne_opensTheIncident_withoutADetectionTime() {
    String zero =
        payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-0", "03:01:00")
            .replace("2026-11-21T03:01:00Z", "0001-01-01T00:00:00Z");

    AlertReceiver.Answer answer = post(zero);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(results(answer).get(0)).containsEntry("action", "opened");
    assertThat(incidents.opened.get(0).detectedAt()).isNull();
  }

  /** 2,500 alerts in one body are refused whole: Alertmanager's max_alerts should cut them. */
  @Test
  void oversizedBatch_isRefusedBeforeAnythingStarts() {
    String good = payload("firing", "SyncErrorRateHigh", "gitee-notion-sync", "fp-9", "03:01:00");
    String alert = good.substring(good.indexOf("[{") + 1, good.lastIndexOf("}]") + 1);
    String many =
        String.join(",", java.util.Collections.nCopies(AlertReceiver.MAX_ALERTS + 1, alert));
    String batch = good.replace("\"alerts\":[" + alert + "]", "\"alerts\":[" + many + "]");

    AlertReceiver.Answer answer = post(batch);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body().get("error").toString()).contains("max_alerts");
    assertThat(incidents.opened).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(AlertReceiver.Answer answer) {
    return (List<Map<String, Object>>) answer.body().get("alerts");
  }

  /** An Alertmanager v4 webhook with one alert, as Alertmanager sends it. */
  static String payload(
      String status, String alertname, String service, String fingerprint, String startsAt) {
    return """
        {"receiver":"dr-runbooks","status":"%1$s","version":"4",
         "groupKey":"{}:{alertname=\\"%2$s\\"}","truncatedAlerts":0,
         "groupLabels":{"alertname":"%2$s"},"commonLabels":{"alertname":"%2$s"},
         "commonAnnotations":{},"externalURL":"http://alertmanager:9093",
         "alerts":[{"status":"%1$s",
           "labels":{"alertname":"%2$s","service":"%3$s","severity":"page"},
           "annotations":{"summary":"5xx above 5%% for the sync API"},
           "startsAt":"2026-11-21T%5$sZ","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prometheus:9090/graph","fingerprint":"%4$s"}]}
        """
        .formatted(status, alertname, service, fingerprint, startsAt);
  }

  /** Records what the receiver asks of the incidents. */
  static final class Recorder implements IncidentOpener {
    final List<IncidentRequest> opened = new CopyOnWriteArrayList<>();
    final List<IncidentRequest> resolved = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public Outcome open(IncidentRequest request) {
      check(request);
      opened.add(request);
      return new Outcome("incident/x", opened.size() > 1);
    }

    @Override
    public boolean recordResolved(IncidentRequest request) {
      check(request);
      resolved.add(request);
      return true;
    }

    private void check(IncidentRequest request) {
      if (down) {
        throw new io.grpc.StatusRuntimeException(io.grpc.Status.UNAVAILABLE);
      }
      if (!List.of("gitee-notion-sync", "sandbox").contains(request.service())) {
        throw new UnknownServiceException("no profile for service '" + request.service() + "'");
      }
    }
  }
}
