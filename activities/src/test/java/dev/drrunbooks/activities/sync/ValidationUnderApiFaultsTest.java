package dev.drrunbooks.activities.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sandbox.SandboxRunbookActivities;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.SuppliedClock;
import dev.drrunbooks.validation.Check;
import dev.drrunbooks.validation.Check.Verdict;
import dev.drrunbooks.validation.ValidationReport;
import dev.drrunbooks.validation.ValidationRequest;
import dev.drrunbooks.validation.ValidationWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole validation (plan 5.3) while Gitee or Notion misbehave at the wire: the workflow on a
 * time-skipping test server, the real Gitee and Notion HTTP clients against WireMock, the service
 * itself simulated by the sandbox on the server's clock. A rate-limit storm is ridden out by the
 * clients and by Temporal's retries; an outage longer than the retries hands exactly the checks
 * that need the broken system to the commander, the others finish, and a retry once it is back
 * completes the run. No token ever reaches the history.
 */
class ValidationUnderApiFaultsTest {

  private static final String QUEUE = "validation-under-api-faults";
  private static final String GITEE_TOKEN = "gitee-secret-7f3a";
  private static final String NOTION_TOKEN = "secret_notion_91c2";
  private static final List<String> REPOSITORIES =
      List.of("acme/gitee-notion-sync", "acme/sync-docs");
  private static final String CANARY_COMMENTS =
      "/api/v5/repos/acme/gitee-notion-sync/issues/I1001/comments";
  private static final String QUERY = "/v1/data_sources/sandbox-issues/query";

  @TempDir Path profiles;
  @TempDir Path reports;

  private WireMockServer wire;
  private TestWorkflowEnvironment env;
  private Instant start;

  /** Every wait the HTTP clients made inside an attempt (recorded, not slept). */
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    start = Instant.ofEpochMilli(env.currentTimeMillis());
    // The test server's clock, which jumps when it skips time: the sandbox and the checks read it.
    Clock serverClock = SuppliedClock.of(() -> Instant.ofEpochMilli(env.currentTimeMillis()));

    // The shipped sandbox profile, with its Gitee and Notion at WireMock.
    String profile =
        Files.readString(Path.of("..", "runbooks", "sandbox.yaml"))
            .replace("http://gitee.sandbox.invalid", wire.baseUrl())
            .replace("http://notion.sandbox.invalid", wire.baseUrl());
    Files.writeString(profiles.resolve("sandbox.yaml"), profile);

    Map<String, String> environment =
        Map.of("GITEE_TOKEN", GITEE_TOKEN, "NOTION_TOKEN", NOTION_TOKEN);
    JsonHttp http = new JsonHttp(HttpClient.newHttpClient(), new ObjectMapper(), waits::add);
    SyncChecksImpl.Apis overHttp =
        new SyncChecksImpl.Apis(
            new GiteeHttpApi(http, Tokens.fromEnvironment(environment::get)),
            new NotionHttpApi(http, Tokens.fromEnvironment(environment::get)),
            serverClock);
    Stream<Object> everythingElse =
        Arrays.stream(
                SandboxRunbookActivities.over(
                    new SandboxWorld(serverClock, Duration.ofSeconds(30)),
                    new ProfileLoader(profiles, name -> null),
                    reports))
            .filter(a -> !(a instanceof SyncChecksImpl));

    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        Stream.concat(everythingElse, Stream.of(new SyncChecksImpl(overHttp, overHttp))).toArray());
    env.start();
    healthyGiteeAndNotion();
  }

  @AfterEach
  void tearDown() {
    env.close();
    wire.stop();
  }

  /**
   * Notion answers 429 to everything for a while, then rate-limits one query for longer than an
   * attempt may wait: the clients wait each Retry-After, Temporal retries no sooner than asked, and
   * every check passes.
   */
  @Test
  void notionRateLimitStorm_isRiddenOut_andEveryCheckPasses() throws Exception {
    storm(
        "notion",
        urlPathMatching("/v1/.*"),
        9,
        aResponse().withStatus(429).withHeader("Retry-After", "2"));
    wire.stubFor(
        post(urlPathEqualTo(QUERY))
            .atPriority(2)
            .inScenario("long-limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "90")
                    .withBody("{\"code\":\"rate_limited\",\"message\":\"slow down\"}"))
            .willSetStateTo("lifted"));

    WorkflowStub run = start("storm");
    ValidationReport report = run.getResult(60, TimeUnit.SECONDS, ValidationReport.class);

    assertAllPassed(report);
    assertThat(answered(429)).as("429s served").isGreaterThanOrEqualTo(10);
    assertThat(waits).as("Retry-After waited inside attempts").contains(Duration.ofSeconds(2));
    assertThat(waits)
        .as("a 90 s limit is not slept on a worker")
        .doesNotContain(Duration.ofSeconds(90));
    // Temporal waited out the 90 s before the query was sent again.
    List<HistoryEvent> events = history(run).getEvents();
    assertThat(retriedAfterAtLeast(events, Duration.ofSeconds(90)))
        .as("an attempt scheduled no sooner than the Retry-After")
        .isTrue();
    assertThat(commentsCreated()).as("canary comments created").isEqualTo(1);
    assertNoTokenIn(run);
  }

  /**
   * Gitee is down (503s, then dropped connections) for longer than the retries: the Gitee, data and
   * canary checks wait for the commander with what failed, Notion and the service pass, and nothing
   * is posted on Gitee. Once Gitee is back, the commander retries the three and the run completes.
   */
  @Test
  void giteeOutage_handsItsChecksToTheCommander_andARetryOnceItIsBackCompletes() throws Exception {
    var down =
        wire.stubFor(
            any(urlPathMatching("/api/v5/.*"))
                .atPriority(1)
                .inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"upstream down\"}"))
                .willSetStateTo("resetting"));
    var resetting =
        wire.stubFor(
            any(urlPathMatching("/api/v5/.*"))
                .atPriority(1)
                .inScenario("outage")
                .whenScenarioStateIs("resetting")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    WorkflowStub run = start("outage");
    CompletableFuture<ValidationReport> result = run.getResultAsync(ValidationReport.class);
    RunbookProgress waiting =
        awaitProgress(
            run,
            p ->
                p.steps().stream().filter(StepView::awaitingDecision).count() == 3
                    && step(p, "notion-reachable").status().name().equals("DONE")
                    && step(p, "service-health").status().name().equals("DONE"));

    assertThat(waiting.status()).isEqualTo(RunStatus.WAITING_FOR_OPERATOR);
    assertThat(waiting.steps().stream().filter(StepView::awaitingDecision).map(StepView::id))
        .containsExactlyInAnyOrder("gitee-reachable", "data-integrity", "canary");
    for (String id : List.of("gitee-reachable", "data-integrity", "canary")) {
      StepView s = step(waiting, id);
      assertThat(s.failures()).as(id).isNotEmpty();
      String reason = s.failures().get(s.failures().size() - 1).reason();
      assertThat(reason).as(id).containsAnyOf("503", "IOException").doesNotContain(GITEE_TOKEN);
    }
    // The retries were spent (4 attempts, 3 tries each at most), and nothing was written.
    int sentWhileDown = wire.findAll(anyRequestedFor(urlPathMatching("/api/v5/.*"))).size();
    assertThat(sentWhileDown).isBetween(3 * 4, 3 * 4 * 3 + 4);
    assertThat(commentsCreated()).as("canary comments created").isZero();

    // Gitee is back; the commander retries each check.
    wire.removeStub(down);
    wire.removeStub(resetting);
    for (String id : List.of("gitee-reachable", "data-integrity", "canary")) {
      run.update(
          "resolveStep",
          Object.class,
          new StepResolutionRequest(
              id, StepResolutionRequest.Action.RETRY, "demo-commander", "Gitee is back"));
    }
    ValidationReport report = result.get(60, TimeUnit.SECONDS);

    assertAllPassed(report);
    assertThat(commentsCreated()).as("canary comments created").isEqualTo(1);
    assertNoTokenIn(run);
  }

  // --- Gitee and Notion, healthy ---------------------------------------------------------------

  /**
   * Both systems as the sync leaves them: each repository's recent issues are in Notion as of their
   * last change; the canary issue's page moves once the canary comment is posted.
   */
  private void healthyGiteeAndNotion() {
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/user")).willReturn(okJson("{\"login\":\"sync-bot\"}")));
    List<String> pages = new ArrayList<>();
    for (String repository : REPOSITORIES) {
      wire.stubFor(
          get(urlPathEqualTo("/api/v5/repos/" + repository))
              .willReturn(okJson("{\"full_name\":\"" + repository + "\"}")));
      Instant edited = start.minus(Duration.ofMinutes(3));
      Instant opened = start.minus(Duration.ofMinutes(40));
      wire.stubFor(
          get(urlPathEqualTo("/api/v5/repos/" + repository + "/issues"))
              .willReturn(
                  okJson("[" + issue("I2001", edited) + "," + issue("I2002", opened) + "]")));
      pages.add(page(repository + "#I2001", edited));
      pages.add(page(repository + "#I2002", opened));
    }
    wire.stubFor(get(urlPathEqualTo(CANARY_COMMENTS)).willReturn(okJson("[]")));
    Instant commented = start.plusSeconds(1);
    wire.stubFor(
        post(urlPathEqualTo(CANARY_COMMENTS))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":77,\"body\":\"canary\",\"created_at\":\"" + commented + "\"}"))
            .inScenario("canary")
            .willSetStateTo("commented"));
    wire.stubFor(
        get(urlPathEqualTo("/v1/users/me"))
            .willReturn(okJson("{\"object\":\"user\",\"id\":\"u1\",\"name\":\"Gitee Sync\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/v1/data_sources/sandbox-issues"))
            .willReturn(okJson("{\"object\":\"data_source\",\"id\":\"sandbox-issues\"}")));
    // Before the comment the canary page is as old as the issue; after it, the sync moved it.
    wire.stubFor(
        post(urlPathEqualTo(QUERY))
            .atPriority(5)
            .willReturn(
                okJson(
                    results(
                        pages,
                        page("acme/gitee-notion-sync#I1001", start.minus(Duration.ofDays(3)))))));
    wire.stubFor(
        post(urlPathEqualTo(QUERY))
            .atPriority(4)
            .inScenario("canary")
            .whenScenarioStateIs("commented")
            .willReturn(
                okJson(
                    results(
                        pages, page("acme/gitee-notion-sync#I1001", commented.plusSeconds(8))))));
  }

  /** The first {@code count} requests to {@code url} get {@code fault}; then the usual answers. */
  private void storm(
      String name,
      com.github.tomakehurst.wiremock.matching.UrlPattern url,
      int count,
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fault) {
    for (int i = 0; i < count; i++) {
      wire.stubFor(
          any(url)
              .atPriority(1)
              .inScenario(name)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : name + "-" + i)
              .willReturn(fault)
              .willSetStateTo(name + "-" + (i + 1)));
    }
  }

  // --- the run ----------------------------------------------------------------------------------

  private WorkflowStub start(String incident) {
    WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                "Validation",
                WorkflowOptions.newBuilder()
                    .setWorkflowId("validation/" + incident)
                    .setTaskQueue(QUEUE)
                    .build());
    stub.start(new ValidationRequest("sandbox", incident, "test", null, false, null));
    return stub;
  }

  /** Polls the run's progress, letting the test server skip time between looks. */
  private RunbookProgress awaitProgress(
      WorkflowStub run, java.util.function.Predicate<RunbookProgress> until) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    RunbookProgress p = run.query("progress", RunbookProgress.class);
    while (!until.test(p)) {
      if (System.currentTimeMillis() > deadline || p.status().finished()) {
        throw new AssertionError(
            "not reached: "
                + p.status()
                + " "
                + p.steps().stream().map(s -> s.id() + "=" + s.status()).toList());
      }
      env.sleep(Duration.ofSeconds(2));
      p = run.query("progress", RunbookProgress.class);
    }
    return p;
  }

  private static StepView step(RunbookProgress p, String id) {
    return p.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private WorkflowExecutionHistory history(WorkflowStub run) {
    return env.getWorkflowClient().fetchHistory(run.getExecution().getWorkflowId());
  }

  /**
   * Whether a retried attempt of an activity started at least {@code delay} after the activity was
   * scheduled (the other retries here wait seconds) (the history keeps the last attempt's start,
   * with its attempt number).
   */
  private static boolean retriedAfterAtLeast(List<HistoryEvent> events, Duration delay) {
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && e.getActivityTaskStartedEventAttributes().getAttempt() > 1) {
        HistoryEvent scheduled =
            events.get((int) e.getActivityTaskStartedEventAttributes().getScheduledEventId() - 1);
        if (Duration.between(time(scheduled), time(e)).compareTo(delay) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static Instant time(HistoryEvent e) {
    return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
  }

  private void assertNoTokenIn(WorkflowStub run) {
    String history = history(run).toJson(false);
    assertThat(history).doesNotContain(GITEE_TOKEN).doesNotContain(NOTION_TOKEN);
  }

  private static void assertAllPassed(ValidationReport report) {
    assertThat(report.checks()).extracting(Check::name).hasSize(5);
    assertThat(report.checks())
        .allSatisfy(
            c -> assertThat(c.verdict()).as(c.name() + ": " + c.summary()).isEqualTo(Verdict.PASS));
  }

  /** Comments Gitee created (a POST it answered 201), not merely requests sent. */
  private long commentsCreated() {
    return wire.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
        .filter(e -> e.getRequest().getUrl().startsWith(CANARY_COMMENTS))
        .filter(e -> e.getResponse().getStatus() == 201)
        .count();
  }

  private int answered(int status) {
    return (int)
        wire.getAllServeEvents().stream()
            .map(ServeEvent::getResponse)
            .filter(r -> r.getStatus() == status)
            .count();
  }

  // --- JSON as Gitee and Notion send it ---------------------------------------------------------

  private static String issue(String number, Instant updated) {
    return "{\"number\":\""
        + number
        + "\",\"title\":\"Issue "
        + number
        + "\",\"state\":\"open\",\"updated_at\":\""
        + updated.atOffset(ZoneOffset.ofHours(8))
        + "\"}";
  }

  private static String page(String key, Instant updated) {
    return "{\"object\":\"page\",\"properties\":{"
        + "\"Gitee ID\":{\"type\":\"rich_text\",\"rich_text\":[{\"plain_text\":\""
        + key
        + "\"}]},"
        + "\"Name\":{\"type\":\"title\",\"title\":[{\"plain_text\":\"Issue "
        + key.substring(key.indexOf('#') + 1)
        + "\"}]},"
        + "\"Gitee Updated\":{\"type\":\"date\",\"date\":{\"start\":\""
        + updated
        + "\"}}}}";
  }

  private static String results(List<String> pages, String canaryPage) {
    return "{\"object\":\"list\",\"results\":["
        + String.join(",", pages)
        + ","
        + canaryPage
        + "],\"has_more\":false,\"next_cursor\":null}";
  }
}
