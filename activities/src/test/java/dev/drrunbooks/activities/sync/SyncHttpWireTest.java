package dev.drrunbooks.activities.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncTarget;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gitee API v5 and the Notion API at the wire, against WireMock: the requests sent (token, headers,
 * query, filter body) as well as what is made of the answers, including throttling and a revoked
 * token.
 */
class SyncHttpWireTest {

  private static final String GITEE_TOKEN = "gitee-secret-token";
  private static final String NOTION_TOKEN = "secret_notion_token";
  private static final Instant NOW = Instant.parse("2026-11-21T03:20:00Z");

  private WireMockServer wire;
  private SyncChecksImpl checks;
  private SyncTarget target;
  private final List<Duration> waits = new ArrayList<>();
  private final Map<String, String> env =
      new java.util.HashMap<>(Map.of("GITEE_TOKEN", GITEE_TOKEN, "NOTION_TOKEN", NOTION_TOKEN));

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    JsonHttp http = new JsonHttp(HttpClient.newHttpClient(), new ObjectMapper(), waits::add);
    checks =
        new SyncChecksImpl(
            null,
            new SyncChecksImpl.Apis(
                new GiteeHttpApi(http, Tokens.fromEnvironment(env::get)),
                new NotionHttpApi(http, Tokens.fromEnvironment(env::get)),
                Clock.fixed(NOW, ZoneOffset.UTC)));
    target =
        new SyncTarget(
            new ServiceRef(Target.AWS, "ap-southeast-1", "cluster", "service"),
            new ServiceProfile.Sync(
                new ServiceProfile.Sync.Gitee(
                    wire.baseUrl() + "/api/v5", "GITEE_TOKEN", null, List.of("acme/sync")),
                new ServiceProfile.Sync.Notion(
                    wire.baseUrl(),
                    "NOTION_TOKEN",
                    null,
                    "2025-09-03",
                    "ds-1",
                    "Gitee ID",
                    "Name",
                    "Gitee Updated"),
                3,
                new ServiceProfile.Sync.Canary(true, "acme/sync", "I7XK2A", 60)));
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/user")).willReturn(okJson("{\"login\":\"sync-bot\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/repos/acme/sync"))
            .willReturn(okJson("{\"full_name\":\"acme/sync\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/v1/users/me"))
            .willReturn(okJson("{\"object\":\"user\",\"id\":\"u1\",\"name\":\"Gitee Sync\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/v1/data_sources/ds-1"))
            .willReturn(okJson("{\"object\":\"data_source\",\"id\":\"ds-1\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/repos/acme/sync/issues"))
            .willReturn(
                okJson(
                    "["
                        + issue("I7XK2A", "Sync fails on labels", "2026-11-21T11:15:00+08:00")
                        + ","
                        + issue("I7XK1Z", "Webhook retries", "2026-11-21T11:05:00+08:00")
                        + ","
                        + issue("I7XK0B", "Docs", "2026-11-20T09:00:00+08:00")
                        + "]")));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void everyRecentIssueCurrentInNotion_noLag_andTheRequestsCarryTokensVersionAndFilter() {
    notionAnswers(
        page("acme/sync#I7XK2A", "Sync fails on labels", "2026-11-21T03:15:00.000Z"),
        page("acme/sync#I7XK1Z", "Webhook retries", "2026-11-21T03:05:00.000Z"),
        page("acme/sync#I7XK0B", "Docs", "2026-11-20T01:00:00.000Z"));

    IntegrityFacts facts = checks.compareSyncedData(target);

    assertThat(facts.checkedAt()).isEqualTo(NOW);
    assertThat(facts.compared()).isEqualTo(3);
    assertThat(facts.missing()).isEmpty();
    assertThat(facts.stale()).isEmpty();
    assertThat(facts.oldestUnsyncedChange()).isNull();
    wire.verify(
        getRequestedFor(urlPathEqualTo("/api/v5/repos/acme/sync/issues"))
            .withQueryParam("access_token", equalTo(GITEE_TOKEN))
            .withQueryParam("state", equalTo("all"))
            .withQueryParam("sort", equalTo("updated"))
            .withQueryParam("direction", equalTo("desc"))
            .withQueryParam("per_page", equalTo("3"))
            .withQueryParam("page", equalTo("1")));
    wire.verify(
        postRequestedFor(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .withHeader("Authorization", equalTo("Bearer " + NOTION_TOKEN))
            .withHeader("Notion-Version", equalTo("2025-09-03"))
            .withRequestBody(
                equalToJson(
                    "{\"filter\":{\"or\":["
                        + "{\"property\":\"Gitee ID\",\"rich_text\":{\"equals\":\"acme/sync#I7XK2A\"}},"
                        + "{\"property\":\"Gitee ID\",\"rich_text\":{\"equals\":\"acme/sync#I7XK1Z\"}},"
                        + "{\"property\":\"Gitee ID\",\"rich_text\":{\"equals\":\"acme/sync#I7XK0B\"}}"
                        + "]},\"page_size\":100}")));
  }

  /**
   * One issue never reached Notion, one page is older than its issue: both listed, and the lag runs
   * from the older of the two changes.
   */
  @Test
  void missingAndStalePages_areListed_andTheOldestUnsyncedChangeIsTheLag() {
    notionAnswers(
        page("acme/sync#I7XK1Z", "Webhook retries", "2026-11-21T02:40:00.000Z"),
        page("acme/sync#I7XK0B", "Docs", "2026-11-20T01:00:00.000Z"));

    IntegrityFacts facts = checks.compareSyncedData(target);

    assertThat(facts.missing()).containsExactly("acme/sync#I7XK2A");
    assertThat(facts.stale()).containsExactly("acme/sync#I7XK1Z");
    assertThat(facts.oldestUnsyncedChange()).isEqualTo(Instant.parse("2026-11-21T03:05:00Z"));
  }

  /** Notion pages follow next_cursor until has_more is false. */
  @Test
  void notionResultsOverTwoPages_areAllRead() {
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .withRequestBody(matchingJsonPath("$.start_cursor", equalTo("c2")))
            .willReturn(
                okJson(
                    "{\"results\":["
                        + page("acme/sync#I7XK0B", "Docs", "2026-11-20T01:00:00.000Z")
                        + "],\"has_more\":false,\"next_cursor\":null}")));
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .atPriority(10)
            .willReturn(
                okJson(
                    "{\"results\":["
                        + page("acme/sync#I7XK2A", "Sync fails on labels", "2026-11-21T03:15:00Z")
                        + ","
                        + page("acme/sync#I7XK1Z", "Webhook retries", "2026-11-21T03:05:00Z")
                        + "],\"has_more\":true,\"next_cursor\":\"c2\"}")));

    IntegrityFacts facts = checks.compareSyncedData(target);

    assertThat(facts.missing()).isEmpty();
    assertThat(facts.stale()).isEmpty();
    wire.verify(2, postRequestedFor(urlPathEqualTo("/v1/data_sources/ds-1/query")));
  }

  /** A 429 is waited out for as long as Retry-After says, then the same query answers. */
  @Test
  void throttledByNotion_waitsRetryAfter_thenAnswers() {
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .inScenario("throttle")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "2")
                    .withBody("{\"code\":\"rate_limited\",\"message\":\"slow down\"}"))
            .willSetStateTo("answered"));
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .inScenario("throttle")
            .whenScenarioStateIs("answered")
            .willReturn(okJson("{\"results\":[],\"has_more\":false}")));

    IntegrityFacts facts = checks.compareSyncedData(target);

    assertThat(facts.missing()).hasSize(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
    wire.verify(2, postRequestedFor(urlPathEqualTo("/v1/data_sources/ds-1/query")));
  }

  /**
   * A Retry-After longer than an attempt may wait is not slept on the worker: the attempt fails
   * retryable and asks Temporal for that delay before the next one, at most five minutes.
   */
  @Test
  void throttledForAnHour_handsTheWaitToTemporal_cappedAtFiveMinutes() {
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> checks.compareSyncedData(target))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ApiUnavailable.TYPE);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofMinutes(5));
              assertThat(f.getOriginalMessage())
                  .contains("Retry-After 3600 s")
                  .doesNotContain(NOTION_TOKEN);
            });
    assertThat(waits).isEmpty();
    wire.verify(1, postRequestedFor(urlPathEqualTo("/v1/data_sources/ds-1/query")));
  }

  /** A revoked token is a finding for reachability and a non-retryable stop for the comparison. */
  @Test
  void revokedGiteeToken_isReportedWithoutTheToken_andNotRetried() {
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/user"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\":\"401 Unauthorized: Access token is expired\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/api/v5/repos/acme/sync/issues"))
            .atPriority(1)
            .willReturn(
                aResponse().withStatus(401).withBody("{\"message\":\"401 Unauthorized\"}")));

    Reachability gitee = checks.checkGitee(target);
    assertThat(gitee.reachable()).isFalse();
    assertThat(gitee.problems())
        .singleElement()
        .asString()
        .isEqualTo("Gitee GET /user: 401 401 Unauthorized: Access token is expired")
        .doesNotContain(GITEE_TOKEN);
    assertThatThrownBy(() -> checks.compareSyncedData(target))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("Gitee GET /repos/acme/sync/issues: 401")
                  .doesNotContain(GITEE_TOKEN);
            });
    wire.verify(1, getRequestedFor(urlPathEqualTo("/api/v5/repos/acme/sync/issues")));
    assertThat(waits).isEmpty();
  }

  @Test
  void missingNotionToken_isSaidPlainly_andNothingIsSent() {
    env.remove("NOTION_TOKEN");

    Reachability notion = checks.checkNotion(target);
    assertThat(notion.problems())
        .containsExactly(
            "Notion token is not set: NOTION_TOKEN is empty in the worker's environment");
    assertThatThrownBy(() -> checks.compareSyncedData(target))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(SyncChecks.TOKEN_MISSING));
    wire.verify(0, getRequestedFor(urlPathEqualTo("/v1/users/me")));
  }

  @Test
  void reachableBothWays_namesTheIdentitiesAndWhatTheTokensSee() {
    assertThat(checks.checkGitee(target))
        .isEqualTo(new Reachability("gitee", "sync-bot", List.of("acme/sync"), List.of()));
    assertThat(checks.checkNotion(target))
        .isEqualTo(
            new Reachability("notion", "Gitee Sync", List.of("data source ds-1"), List.of()));
    wire.verify(
        getRequestedFor(urlPathEqualTo("/v1/users/me"))
            .withHeader("Notion-Version", equalTo("2025-09-03")));
  }

  /**
   * The canary posts its comment once: a retried activity finds its marker among the issue's
   * comments and posts nothing.
   */
  @Test
  void canary_postsItsCommentOnce_andARetryFindsTheMarker() {
    String comments = "/api/v5/repos/acme/sync/issues/I7XK2A/comments";
    wire.stubFor(
        get(urlPathEqualTo(comments))
            .inScenario("canary")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                okJson(
                    "[{\"id\":1,\"body\":\"old\",\"created_at\":\"2026-11-20T10:00:00+08:00\"}]")));
    wire.stubFor(
        get(urlPathEqualTo(comments))
            .inScenario("canary")
            .whenScenarioStateIs("posted")
            .willReturn(
                okJson(
                    "[{\"id\":2,\"body\":\"dr-runbooks canary run-1: checking\","
                        + "\"created_at\":\"2026-11-21T11:20:05+08:00\"}]")));
    wire.stubFor(
        post(urlPathEqualTo(comments))
            .inScenario("canary")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                okJson("{\"id\":2,\"body\":\"m\",\"created_at\":\"2026-11-21T11:20:05+08:00\"}"))
            .willSetStateTo("posted"));

    var first = checks.postCanary(target, "dr-runbooks canary run-1");
    var retried = checks.postCanary(target, "dr-runbooks canary run-1");

    assertThat(first.posted()).isTrue();
    assertThat(first.key()).isEqualTo("acme/sync#I7XK2A");
    assertThat(first.postedAt()).isEqualTo(Instant.parse("2026-11-21T03:20:05Z"));
    assertThat(retried.posted()).isFalse();
    assertThat(retried.postedAt()).isEqualTo(first.postedAt());
    wire.verify(
        1,
        postRequestedFor(urlPathEqualTo(comments))
            .withQueryParam("access_token", equalTo(GITEE_TOKEN))
            .withRequestBody(
                matchingJsonPath(
                    "$.body",
                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "dr-runbooks canary run-1"))));
  }

  private void notionAnswers(String... pages) {
    wire.stubFor(
        post(urlPathEqualTo("/v1/data_sources/ds-1/query"))
            .willReturn(
                okJson(
                    "{\"object\":\"list\",\"results\":["
                        + String.join(",", pages)
                        + "],\"has_more\":false,\"next_cursor\":null}")));
  }

  private static String issue(String number, String title, String updated) {
    return "{\"number\":\""
        + number
        + "\",\"title\":\""
        + title
        + "\",\"state\":\"open\",\"updated_at\":\""
        + updated
        + "\"}";
  }

  private static String page(String key, String title, String updated) {
    return "{\"object\":\"page\",\"properties\":{"
        + "\"Gitee ID\":{\"type\":\"rich_text\",\"rich_text\":[{\"plain_text\":\""
        + key
        + "\"}]},"
        + "\"Name\":{\"type\":\"title\",\"title\":[{\"plain_text\":\""
        + title
        + "\"}]},"
        + "\"Gitee Updated\":{\"type\":\"date\",\"date\":{\"start\":\""
        + updated
        + "\"}}}}";
  }
}
