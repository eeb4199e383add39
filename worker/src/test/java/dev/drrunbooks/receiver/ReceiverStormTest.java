package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.incident.IncidentResponseWorkflowImpl;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookSearchAttributes;
import dev.drrunbooks.runbook.TimelineEvent;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The receiver as it runs: Tomcat in front, a Temporal server and worker behind, the incident
 * assessing the sandbox. An alert storm (a hundred copies at once) opens one incident, whose
 * timeline has the alert once; another alert for the same service joins it.
 */
class ReceiverStormTest {

  private static final String TOKEN = "storm-token-0123456789";
  private static final String QUEUE = "receiver-test";

  @TempDir Path reports;
  private TestWorkflowEnvironment env;
  private ConfigurableApplicationContext web;
  private AlertReceiver receiver;
  private URI endpoint;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    RunbookSearchAttributes.ALL.forEach(
        key ->
            env.registerSearchAttribute(
                key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    SandboxWorld sandbox = new SandboxWorld(Clock.systemUTC(), Duration.ofMillis(1500));
    ProfileLoader profiles = new ProfileLoader(Path.of("..", "runbooks"), name -> null);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(IncidentResponseWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        dev.drrunbooks.activities.sandbox.SandboxRunbookActivities.over(
            sandbox, profiles, reports));
    env.start();
    receiver =
        new AlertReceiver(
            new AlertRoutes(
                List.of(
                    new AlertRoutes.Route(
                        "sandbox-errors",
                        Map.of("alertname", "SyncErrorRateHigh"),
                        null,
                        "service",
                        "error-rate-spike",
                        null,
                        0),
                    new AlertRoutes.Route(
                        "sandbox-health",
                        Map.of("alertname", "SyncHealthCheckFailing"),
                        null,
                        "service",
                        "health-check-failed",
                        null,
                        0))),
            new TemporalIncidentOpener(env.getWorkflowClient(), profiles, QUEUE),
            TOKEN,
            Clock.systemUTC(),
            new ReceiverMetrics());
    web = ReceiverApplication.start(0, receiver);
    int port = ((WebServerApplicationContext) web).getWebServer().getPort();
    endpoint = URI.create("http://localhost:" + port);
  }

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
    env.close();
  }

  @Test
  void hundredCopiesAtOnce_openOneIncident_andAnotherAlertJoinsIt() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String storm =
        AlertReceiverTest.payload("firing", "SyncErrorRateHigh", "sandbox", "fp-storm", "03:01:00");
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(http.sendAsync(post(storm), HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : sent) {
      answers.add(f.get());
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
    assertThat(answers.stream().filter(a -> a.body().contains("\"action\":\"opened\"")).count())
        .isEqualTo(1);

    String id =
        "incident/sandbox/sandbox-primary/gitee-notion-sync-cluster/gitee-notion-sync-service";
    WorkflowClient client = env.getWorkflowClient();
    IncidentResponseWorkflow incident = client.newWorkflowStub(IncidentResponseWorkflow.class, id);
    long deadline = System.currentTimeMillis() + 30_000;
    while (incident.progress().status() != RunStatus.WAITING_FOR_APPROVAL
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    long before = System.nanoTime();
    HttpResponse<String> other =
        http.send(
            post(
                AlertReceiverTest.payload(
                    "firing", "SyncHealthCheckFailing", "sandbox", "fp-health", "03:02:00")),
            HttpResponse.BodyHandlers.ofString());
    System.out.printf(
        "one alert to a joined incident, through HTTP: %.1f ms%n",
        (System.nanoTime() - before) / 1e6);
    assertThat(other.body()).contains("\"action\":\"joined\"");
    HttpResponse<String> resolved =
        http.send(
            post(
                AlertReceiverTest.payload(
                    "resolved", "SyncErrorRateHigh", "sandbox", "fp-storm", "03:01:00")),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resolved.body()).contains("\"action\":\"resolved-recorded\"");

    // One run of the incident, and the 99 copies left nothing in its history: the incident's
    // validator refused each before it was recorded. What is there: the opener's update, the
    // other alert's, and the resolved alert's signal.
    var events = client.fetchHistory(id).getEvents();
    assertThat(events.stream().map(e -> e.getEventType()))
        .filteredOn(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .hasSize(1);
    assertThat(events.stream().map(e -> e.getEventType()))
        .filteredOn(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .hasSize(2);
    assertThat(events.stream().map(e -> e.getEventType()))
        .filteredOn(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .hasSize(1);
    IncidentReport draft = incident.report();
    assertThat(draft.trigger().fingerprint()).isEqualTo("fp-storm");
    assertThat(draft.joined())
        .singleElement()
        .satisfies(j -> assertThat(j.trigger().fingerprint()).isEqualTo("fp-health"));
    List<TimelineEvent> timeline = incident.progress().timeline();
    assertThat(
            timeline.stream().filter(e -> e.detail() != null && e.detail().startsWith("joined:")))
        .hasSize(1);
    assertThat(timeline)
        .anySatisfy(
            e ->
                assertThat(e.detail())
                    .startsWith("stopped firing: resolved alert error-rate-spike"));

    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("\"alertToStartSamples\":101")
        .contains("\"alerts.opened\":1,")
        .contains("\"requests.200\":102");
    System.out.println("receiver metrics after the storm: " + metrics.body());
    HttpResponse<String> prometheus =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/metrics/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(prometheus.body())
        .contains("runbook_receiver_alert_to_start_seconds_count 101")
        .contains("runbook_receiver_alert_to_start_seconds_bucket{le=")
        .containsPattern("runbook_receiver_requests_total\\{status=\"200\"\\} 102(\\.0)?\n")
        .containsPattern("runbook_receiver_alerts_total\\{action=\"opened\"\\} 1(\\.0)?\n");

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> unauthenticated =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/alerts/alertmanager"))
                .POST(HttpRequest.BodyPublishers.ofString(storm))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
  }

  private HttpRequest post(String json) {
    return HttpRequest.newBuilder(endpoint.resolve("/alerts/alertmanager"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
