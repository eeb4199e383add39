package dev.drrunbooks.activities.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.activities.aws.AwsReportStore;
import dev.drrunbooks.activities.aws.AwsStubs;
import dev.drrunbooks.activities.sync.ApiUnavailable;
import dev.drrunbooks.activities.sync.JsonHttp;
import dev.drrunbooks.activities.sync.NotionHttpApi;
import dev.drrunbooks.activities.sync.Tokens;
import dev.drrunbooks.drill.Criterion;
import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.drill.DrillReports.StoreDrillRequest;
import dev.drrunbooks.profile.ServiceProfile;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill's report published for the team's records, at the wire: PutObject to the reports bucket,
 * and a Notion child page under the configured page, created once however often it is published.
 */
class DrillReportPublishingTest {

  private static final String TOKEN = "secret_notion_token_for_reports";
  private static final String PARENT = "1f2e3d4c-5b6a-4978-8877-665544332211";
  private static final String TITLE = "DR drill app-failure drill-7 — PASS";

  @TempDir Path folder;
  private WireMockServer wire;
  private IncidentReportsImpl reports;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    java.util.function.Function<String, AwsReportStore> s3 =
        region -> new AwsReportStore(AwsStubs.clients(wire.baseUrl(), region).s3());
    Map<String, String> env = Map.of("REPORTS_NOTION_TOKEN", TOKEN);
    NotionHttpApi notion =
        new NotionHttpApi(
            new JsonHttp(HttpClient.newHttpClient(), json, wait -> {}),
            Tokens.fromEnvironment(env::get));
    reports =
        new IncidentReportsImpl(
            folder,
            s3,
            new ReportPublisher(
                "s3://dr-reports/drills/",
                "ap-northeast-1",
                new ServiceProfile.Sync.Notion(
                    wire.baseUrl(),
                    "REPORTS_NOTION_TOKEN",
                    null,
                    "2025-09-03",
                    null,
                    null,
                    null,
                    null),
                PARENT,
                s3,
                notion));
    wire.stubFor(put(urlPathMatching("/dr-reports/.*")).willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void drillReport_isKeptLocally_putToS3_andPublishedAsANotionChildPage() throws Exception {
    wire.stubFor(
        get(urlPathEqualTo("/v1/blocks/" + PARENT + "/children"))
            .willReturn(okJson("{\"results\":[],\"has_more\":false}")));
    wire.stubFor(
        post(urlPathEqualTo("/v1/pages"))
            .willReturn(
                okJson(
                    "{\"object\":\"page\",\"id\":\"aa11bb22-0000-4000-8000-000000000001\","
                        + "\"url\":\"https://www.notion.so/DR-drill-aa11bb2200004000800000000000001\"}")));

    List<String> places = reports.storeDrill(new StoreDrillRequest(drill(), "local", null));

    assertThat(places)
        .hasSize(5)
        .endsWith(
            "s3://dr-reports/drills/drill-app-failure-drill-7.md",
            "s3://dr-reports/drills/drill-app-failure-drill-7.json",
            "https://www.notion.so/DR-drill-aa11bb2200004000800000000000001");
    assertThat(places.get(0)).endsWith("drill-app-failure-drill-7.md");
    wire.verify(
        putRequestedFor(urlEqualTo("/dr-reports/drills/drill-app-failure-drill-7.md"))
            .withHeader("x-amz-server-side-encryption", equalTo("AES256"))
            .withHeader("Authorization", containing("/ap-northeast-1/s3/aws4_request"))
            .withRequestBody(containing("app-failure")));
    wire.verify(
        postRequestedFor(urlPathEqualTo("/v1/pages"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Notion-Version", equalTo("2025-09-03")));
    JsonNode page =
        json.readTree(
            wire.findAll(postRequestedFor(urlPathEqualTo("/v1/pages"))).get(0).getBodyAsString());
    assertThat(page.path("parent").path("page_id").asText()).isEqualTo(PARENT);
    assertThat(
            page.path("properties")
                .path("title")
                .path("title")
                .get(0)
                .path("text")
                .path("content")
                .asText())
        .isEqualTo(TITLE);
    JsonNode blocks = page.path("children");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("heading_1");
    assertThat(blocks.findValuesAsText("type")).contains("code", "heading_2");
    JsonNode table =
        blocks.findParents("type").stream()
            .filter(b -> "code".equals(b.path("type").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(table.path("code").path("rich_text").get(0).path("text").path("content").asText())
        .startsWith("|")
        .contains("plan RTO");
    assertThat(page.toString()).doesNotContain(TOKEN);
  }

  @Test
  void publishedAgain_findsThePageItMadeBefore_andCreatesNone() {
    wire.stubFor(
        get(urlPathEqualTo("/v1/blocks/" + PARENT + "/children"))
            .withQueryParam(
                "start_cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(
                okJson(
                    "{\"results\":[{\"type\":\"child_page\",\"id\":\"0a0a0a0a-0000-4000-8000-00000000000a\","
                        + "\"child_page\":{\"title\":\"DR drill network-outage drill-1 — PASS\"}}],"
                        + "\"has_more\":true,\"next_cursor\":\"cur-2\"}")));
    wire.stubFor(
        get(urlPathEqualTo("/v1/blocks/" + PARENT + "/children"))
            .withQueryParam("start_cursor", equalTo("cur-2"))
            .willReturn(
                okJson(
                    "{\"results\":[{\"type\":\"child_page\",\"id\":\"bb22cc33-0000-4000-8000-000000000002\","
                        + "\"child_page\":{\"title\":\""
                        + TITLE
                        + "\"}}],\"has_more\":false}")));

    List<String> places = reports.storeDrill(new StoreDrillRequest(drill(), "local", null));

    assertThat(places).last().isEqualTo("https://www.notion.so/bb22cc33000040008000000000000002");
    wire.verify(0, postRequestedFor(urlPathEqualTo("/v1/pages")));
    wire.verify(2, getRequestedFor(urlPathEqualTo("/v1/blocks/" + PARENT + "/children")));
  }

  @Test
  void notionThatCannotSeeThePage_isSaidInThePlaces_andTheDrillStillStored() {
    wire.stubFor(
        get(urlPathEqualTo("/v1/blocks/" + PARENT + "/children"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"object\":\"error\",\"status\":404,\"code\":\"object_not_found\","
                            + "\"message\":\"Could not find block\"}")));

    List<String> places = reports.storeDrill(new StoreDrillRequest(drill(), "local", null));

    assertThat(places).hasSize(5);
    assertThat(places.get(4)).startsWith("NOT on Notion page " + PARENT + ": ").contains("404");
    assertThat(places.get(4)).doesNotContain(TOKEN);
  }

  @Test
  void pageCreationThatFailsWithoutAnAnswer_isNotResent_soARetryLooksFirst() {
    wire.stubFor(
        get(urlPathEqualTo("/v1/blocks/" + PARENT + "/children"))
            .willReturn(okJson("{\"results\":[],\"has_more\":false}")));
    wire.stubFor(post(urlPathEqualTo("/v1/pages")).willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(() -> reports.storeDrill(new StoreDrillRequest(drill(), "local", null)))
        .isInstanceOf(ApiUnavailable.class);
    wire.verify(1, postRequestedFor(urlPathEqualTo("/v1/pages")));
  }

  private static DrillReport drill() {
    Instant start = Instant.parse("2026-11-21T02:00:00Z");
    return new DrillReport(
        "drill-7",
        "app-failure",
        "sandbox",
        "simulation",
        List.of("demo-commander"),
        start,
        start.plusSeconds(40),
        "DRILL-7",
        "incident/x",
        "RESOLVED",
        "APPLICATION",
        "APPLICATION SEV1",
        "app-rollback COMPLETED",
        25L,
        8L,
        100.0,
        List.of(new Criterion("plan RTO", "<= 30m00s", "25s", true)),
        Map.of("respond", 25L),
        Map.of(),
        "as before",
        List.of("respond used most of the RTO"),
        List.of());
  }
}
