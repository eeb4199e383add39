package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.ECS;
import static dev.drrunbooks.activities.aws.AwsStubs.LOGS;
import static dev.drrunbooks.activities.aws.AwsStubs.deployment;
import static dev.drrunbooks.activities.aws.AwsStubs.ecs;
import static dev.drrunbooks.activities.aws.AwsStubs.error;
import static dev.drrunbooks.activities.aws.AwsStubs.json;
import static dev.drrunbooks.activities.aws.AwsStubs.logs;
import static dev.drrunbooks.activities.aws.AwsStubs.query;
import static dev.drrunbooks.activities.aws.AwsStubs.service;
import static dev.drrunbooks.activities.aws.AwsStubs.targetHealth;
import static dev.drrunbooks.activities.aws.AwsStubs.taskDefinition;
import static dev.drrunbooks.activities.aws.AwsStubs.taskDefinitionList;
import static dev.drrunbooks.activities.aws.AwsStubs.traffic;
import static dev.drrunbooks.activities.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.ServiceChangesImpl;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.RevisionQuery;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StableRevision;
import dev.drrunbooks.service.UpdateServiceCommand;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS adapters at the HTTP wire: the exact requests sent, and how answers are mapped. */
class AwsCapabilitiesWireTest {

  static final String FAMILY = "gitee-notion-sync-task";
  static final ServiceRef REF =
      new ServiceRef(
          Target.AWS, "ap-southeast-1", "gitee-notion-sync-cluster", "gitee-notion-sync-service");
  static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");

  private WireMockServer wire;
  private ServiceChecksImpl checks;
  private ServiceChangesImpl changes;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    AwsClients clients =
        new AwsClients(
            "ap-southeast-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
            URI.create(wire.baseUrl()));
    Capabilities.Set aws = clients.capabilities(Clock.fixed(NOW, ZoneOffset.UTC));
    Capabilities capabilities = new Capabilities(null, region -> aws);
    checks = new ServiceChecksImpl(capabilities);
    changes = new ServiceChangesImpl(capabilities);
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void describeServices_sendsClusterAndService_andMapsDeployments() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(42, "IN_PROGRESS", 2, 1))));

    ServiceState state = checks.describeService(REF);

    assertThat(state.revision()).isEqualTo(42);
    assertThat(state.runningCount()).isEqualTo(1);
    assertThat(state.steady()).isFalse();
    assertThat(state.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.rolloutState()).isEqualTo("IN_PROGRESS"));
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "DescribeServices"))
            .withHeader("Authorization", containing("AKIDTEST"))
            .withRequestBody(
                equalToJson(
                    "{\"cluster\":\"gitee-notion-sync-cluster\",\"services\":[\"gitee-notion-sync-service\"]}")));
  }

  /** A wrong profile (service name) must stop the run at once, not retry for minutes. */
  @Test
  void describeServices_missingService_isNonRetryableServiceNotFound() {
    wire.stubFor(
        ecs("DescribeServices")
            .willReturn(
                json(
                    "{\"services\":[],\"failures\":[{\"arn\":\"arn:aws:ecs:x:1:service/gitee-notion-sync-service\",\"reason\":\"MISSING\"}]}")));

    assertThatThrownBy(() -> checks.describeService(REF))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.SERVICE_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("MISSING")
                  .contains("gitee-notion-sync-cluster");
            });
  }

  @Test
  void updateService_serviceNotFoundException_isNonRetryable() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(42, "COMPLETED", 2, 2))));
    wire.stubFor(
        ecs("UpdateService")
            .willReturn(error(400, "ServiceNotFoundException", "Service not found.")));

    assertThatThrownBy(() -> changes.updateService(new UpdateServiceCommand(REF, FAMILY, 41)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.SERVICE_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  /** Throttling is retried by the SDK first, then left retryable for Temporal's policy. */
  @Test
  void throttling_isRetriedBySdk_thenRetryableForTemporal() {
    wire.stubFor(
        ecs("DescribeServices").willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    assertThatThrownBy(() -> checks.describeService(REF))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("AwsThrottled");
              assertThat(f.isNonRetryable()).isFalse();
            });
    wire.verify(
        3,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "DescribeServices")));
  }

  @Test
  void serverError_isRetryableAwsUnavailable() {
    wire.stubFor(
        ecs("DescribeServices").willReturn(error(503, "ServerException", "Service unavailable")));

    assertThatThrownBy(() -> checks.describeService(REF))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("AwsUnavailable");
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  /** An endpoint that ignores the requested sort: the newest revision is still found. */
  @Test
  void findStableRevision_sortsTheRevisionsItself() {
    wire.stubFor(
        ecs("ListTaskDefinitions")
            .willReturn(
                json(taskDefinitionList(arn(FAMILY, 38), arn(FAMILY, 42), arn(FAMILY, 40)))));
    wire.stubFor(
        ecs("DescribeTaskDefinition").willReturn(json(taskDefinitionBody(40, "ACTIVE", ""))));

    StableRevision stable =
        checks.findStableRevision(
            new RevisionQuery(REF, FAMILY, 42, null, "dr-runbooks/known-bad"));

    assertThat(stable.revision()).isEqualTo(40);
  }

  /**
   * The plan's "last known stable version": newest ACTIVE revision before the current, not
   * known-bad.
   */
  @Test
  void findStableRevision_skipsKnownBadAndOtherFamilies() {
    wire.stubFor(
        ecs("ListTaskDefinitions")
            .willReturn(
                json(
                    taskDefinitionList(
                        arn(FAMILY + "-v2", 50),
                        arn(FAMILY, 42),
                        arn(FAMILY, 41),
                        arn(FAMILY, 40)))));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(FAMILY + ":41")))
            .willReturn(
                json(
                    taskDefinitionBody(
                        41, "ACTIVE", "{\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\"}"))));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(FAMILY + ":40")))
            .willReturn(json(taskDefinitionBody(40, "ACTIVE", ""))));

    StableRevision stable =
        checks.findStableRevision(
            new RevisionQuery(REF, FAMILY, 42, null, "dr-runbooks/known-bad"));

    assertThat(stable.revision()).isEqualTo(40);
    assertThat(stable.skipped()).containsExactly(41);
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "ListTaskDefinitions"))
            .withRequestBody(
                equalToJson(
                    "{\"familyPrefix\":\""
                        + FAMILY
                        + "\",\"status\":\"ACTIVE\",\"sort\":\"DESC\"}")));
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "DescribeTaskDefinition"))
            .withRequestBody(
                equalToJson("{\"taskDefinition\":\"" + FAMILY + ":40\",\"include\":[\"TAGS\"]}")));
  }

  @Test
  void findStableRevision_noneOlder_isNoStableRevision() {
    wire.stubFor(
        ecs("ListTaskDefinitions")
            .willReturn(json("{\"taskDefinitionArns\":[\"" + arn(FAMILY, 42) + "\"]}")));

    assertThatThrownBy(
            () -> checks.findStableRevision(new RevisionQuery(REF, FAMILY, 42, null, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.NO_STABLE_REVISION);
              assertThat(f.getOriginalMessage()).contains("older than the current :42");
            });
  }

  @Test
  void requestedRevisionThatDoesNotExist_isUnknownRevision() {
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .willReturn(error(400, "ClientException", "Unable to describe task definition.")));

    assertThatThrownBy(() -> checks.findStableRevision(new RevisionQuery(REF, FAMILY, 42, 7, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.UNKNOWN_REVISION);
              assertThat(f.getOriginalMessage()).contains(FAMILY + ":7 does not exist");
            });
  }

  /**
   * A retry after a lost response must not deploy twice: the second attempt finds :41 and stops.
   */
  @Test
  void updateService_retriedAfterLostResponse_deploysOnce() {
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("rollback")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(describeBody(42, "COMPLETED", 2, 2))));
    wire.stubFor(
        ecs("UpdateService")
            .inScenario("rollback")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                    "{\"service\":{\"serviceName\":\"gitee-notion-sync-service\",\"status\":\"ACTIVE\"}}"))
            .willSetStateTo("updated"));
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("rollback")
            .whenScenarioStateIs("updated")
            .willReturn(json(describeBody(41, "IN_PROGRESS", 2, 0))));

    ServiceChange first = changes.updateService(new UpdateServiceCommand(REF, FAMILY, 41));
    ServiceChange retry = changes.updateService(new UpdateServiceCommand(REF, FAMILY, 41));

    assertThat(first.changed()).isTrue();
    assertThat(retry.changed()).isFalse();
    assertThat(retry.detail()).contains("already on " + FAMILY + ":41");
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
            .withRequestBody(
                equalToJson(
                    "{\"cluster\":\"gitee-notion-sync-cluster\",\"service\":\"gitee-notion-sync-service\",\"taskDefinition\":\""
                        + FAMILY
                        + ":41\"}")));
  }

  /** Closing the loop on "last known stable": the replaced revision is tagged once, never twice. */
  @Test
  void markRevisionBad_tagsTaskDefinitionOnce() {
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .inScenario("tag")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(taskDefinitionBody(42, "ACTIVE", ""))));
    wire.stubFor(
        ecs("TagResource").willReturn(json("{}")).inScenario("tag").willSetStateTo("tagged"));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .inScenario("tag")
            .whenScenarioStateIs("tagged")
            .willReturn(
                json(
                    taskDefinitionBody(
                        42, "ACTIVE", "{\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\"}"))));
    MarkRevisionCommand command = new MarkRevisionCommand(REF, FAMILY, 42, "dr-runbooks/known-bad");

    ServiceChange first = changes.markRevisionBad(command);
    ServiceChange again = changes.markRevisionBad(command);

    assertThat(first.changed()).isTrue();
    assertThat(again.changed()).isFalse();
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "TagResource"))
            .withRequestBody(
                equalToJson(
                    "{\"resourceArn\":\""
                        + arn(FAMILY, 42)
                        + "\",\"tags\":[{\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\"}]}")));
  }

  @Test
  void scaleService_sendsDesiredCountOnly() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));
    wire.stubFor(ecs("UpdateService").willReturn(json("{\"service\":{}}")));

    ServiceChange change =
        changes.scaleService(new dev.drrunbooks.service.ScaleServiceCommand(REF, 4));

    assertThat(change.detail()).isEqualTo("desired count 2 -> 4");
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
            .withRequestBody(
                equalToJson(
                    "{\"cluster\":\"gitee-notion-sync-cluster\",\"service\":\"gitee-notion-sync-service\",\"desiredCount\":4}")));
  }

  /**
   * A missing log group is the logs adapter's own "not found": never the terminal ServiceNotFound
   * that would end a rollback (each adapter maps its own service's errors).
   */
  @Test
  void filterLogEvents_missingLogGroup_isLogGroupNotFound_notServiceNotFound() {
    wire.stubFor(
        logs("FilterLogEvents")
            .willReturn(
                error(
                    400, "ResourceNotFoundException", "The specified log group does not exist.")));

    assertThatThrownBy(
            () ->
                checks.recentErrors(new LogQuery(REF, "/ecs/gitee-notion-sync", "?ERROR", 30, 100)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.LOG_GROUP_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("/ecs/gitee-notion-sync");
            });
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(LOGS + "FilterLogEvents"))
            .withRequestBody(
                matchingJsonPath("$.logGroupName", equalTo("/ecs/gitee-notion-sync"))));
  }

  /**
   * An ECS ClientException means "unknown revision" only when describing a task definition; on
   * TagResource after a healthy rollback it is AWS refusing that request, which an operator may
   * retry or skip.
   */
  @Test
  void tagResource_clientException_isRejected_notUnknownRevision() {
    wire.stubFor(
        ecs("DescribeTaskDefinition").willReturn(json(taskDefinition(FAMILY, 42, "ACTIVE", ""))));
    wire.stubFor(
        ecs("TagResource")
            .willReturn(error(400, "ClientException", "Too many tags on the resource.")));

    assertThatThrownBy(
            () ->
                changes.markRevisionBad(
                    new MarkRevisionCommand(REF, FAMILY, 42, "dr-runbooks/known-bad")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.REJECTED_BY_AWS);
              assertThat(f.getOriginalMessage()).contains("ECS TagResource").contains("Too many");
            });
  }

  @Test
  void describeTargetHealth_missingTargetGroup_isTargetGroupNotFound() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));
    wire.stubFor(
        query("DescribeTargetHealth")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>TargetGroupNotFound</Code>"
                            + "<Message>One or more target groups not found</Message></Error>"
                            + "<RequestId>r-1</RequestId></ErrorResponse>")));

    assertThatThrownBy(
            () -> checks.checkHealth(new HealthQuery(REF, "arn:tg", null, null, null, 5, 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ServiceChecks.TARGET_GROUP_NOT_FOUND));
  }

  @Test
  void filterLogEvents_pagesAndGroupsByMessage() {
    long start = NOW.minusSeconds(30 * 60).toEpochMilli();
    wire.stubFor(
        logs("FilterLogEvents")
            .withRequestBody(
                matchingJsonPath(
                    "$.nextToken", com.github.tomakehurst.wiremock.client.WireMock.absent()))
            .willReturn(
                json(
                    "{\"events\":["
                        + event("ERROR NotionClient: 401 Unauthorized updating page 9001")
                        + ","
                        + event("ERROR NotionClient: 401 Unauthorized updating page 9002")
                        + "],\"nextToken\":\"page-2\"}")));
    wire.stubFor(
        logs("FilterLogEvents")
            .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-2")))
            .willReturn(
                json("{\"events\":[" + event("FATAL GiteeClient: connection reset") + "]}")));

    LogSummary summary =
        checks.recentErrors(new LogQuery(REF, "/ecs/gitee-notion-sync", "?ERROR ?FATAL", 30, 500));

    assertThat(summary.matchedEvents()).isEqualTo(3);
    assertThat(summary.patterns().get(0).count()).isEqualTo(2);
    assertThat(summary.patterns().get(0).message()).startsWith("ERROR NotionClient: 401");
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(LOGS + "FilterLogEvents"))
            .withRequestBody(
                equalToJson(
                    "{\"logGroupName\":\"/ecs/gitee-notion-sync\",\"filterPattern\":\"?ERROR ?FATAL\",\"startTime\":"
                        + start
                        + ",\"limit\":500}")));
  }

  /**
   * The bug of the first pass: a rolling five-minute window still held the bad release's minutes.
   * After a rollout at 02:57:30 only whole periods from 02:58 count, asked for as such.
   */
  @Test
  void checkHealth_judgesOnlyWholePeriodsAfterTheRollout_withTargetsUrlRateAndP90() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));
    wire.stubFor(
        query("DescribeTargetHealth")
            .willReturn(xml(targetHealth("10.0.1.1=healthy", "10.0.1.2=unhealthy"))));
    wire.stubFor(
        query("GetMetricData")
            .willReturn(
                xml(
                    traffic(
                        new String[] {"2026-11-21T02:58:00Z", "2026-11-21T02:59:00Z"},
                        new double[] {50, 50},
                        new double[] {3, 2},
                        new double[] {0.2, 0.35}))));
    wire.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));

    HealthReport report =
        checks.checkHealth(
            healthQuery(wire.baseUrl() + "/health", 10)
                .since(Instant.parse("2026-11-21T02:57:30Z")));

    assertThat(report.healthUrlStatus()).isEqualTo(200);
    assertThat(report.errorRatePercent()).isEqualTo(5.0);
    assertThat(report.requests()).isEqualTo(100);
    assertThat(report.latencyP90Millis()).isEqualTo(350.0);
    assertThat(report.windowStart()).isEqualTo(Instant.parse("2026-11-21T02:58:00Z"));
    assertThat(report.windowEnd()).isEqualTo(NOW);
    assertThat(report.verdict()).isEqualTo(HealthReport.Verdict.UNHEALTHY);
    assertThat(report.problems()).containsExactly("1 of 2 load balancer targets healthy");
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeTargetHealth"))
            .withRequestBody(containing("TargetGroupArn=arn%3Atg")));
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=GetMetricData"))
            .withRequestBody(containing("StartTime=2026-11-21T02%3A58%3A00Z"))
            .withRequestBody(containing("EndTime=2026-11-21T03%3A00%3A00Z"))
            .withRequestBody(containing("ScanBy=TimestampAscending"))
            .withRequestBody(
                containing("MetricDataQueries.member.1.MetricStat.Metric.MetricName=RequestCount"))
            .withRequestBody(
                containing(
                    "MetricDataQueries.member.2.MetricStat.Metric.MetricName=HTTPCode_Target_5XX_Count"))
            .withRequestBody(
                containing(
                    "MetricDataQueries.member.3.MetricStat.Metric.MetricName=TargetResponseTime"))
            .withRequestBody(containing("MetricDataQueries.member.3.MetricStat.Stat=p90"))
            .withRequestBody(containing("MetricDataQueries.member.1.MetricStat.Period=60"))
            .withRequestBody(containing("Value=targetgroup%2Ftg%2F1")));
    wire.verify(
        getRequestedFor(urlEqualTo("/health")).withHeader("User-Agent", equalTo("dr-runbooks")));
  }

  @Test
  void checkHealth_tooFewRequests_isNotEnoughData_neitherPassNorFail() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));
    wire.stubFor(
        query("GetMetricData")
            .willReturn(
                xml(
                    traffic(
                        new String[] {"2026-11-21T02:59:00Z"},
                        new double[] {4},
                        new double[] {2},
                        new double[] {0.1}))));

    HealthReport report =
        checks.checkHealth(healthQuery(null, 50).since(Instant.parse("2026-11-21T02:58:10Z")));

    assertThat(report.verdict()).isEqualTo(HealthReport.Verdict.NOT_ENOUGH_DATA);
    assertThat(report.healthy()).isFalse();
    assertThat(report.unhealthy()).isFalse();
    assertThat(report.errorRatePercent()).isNull();
    assertThat(report.pending())
        .singleElement()
        .asString()
        .contains("4 requests from 2026-11-21T02:59:00Z to 2026-11-21T03:00:00Z (need 50)");
    assertThat(report.oneLine()).startsWith("NOT ENOUGH DATA YET");
  }

  /**
   * A rollout that ended inside the current period has no whole period yet: CloudWatch not asked.
   */
  @Test
  void checkHealth_rolloutInsideTheCurrentPeriod_waitsWithoutAskingCloudWatch() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));

    HealthReport report =
        checks.checkHealth(healthQuery(null, 10).since(Instant.parse("2026-11-21T02:59:20Z")));

    assertThat(report.verdict()).isEqualTo(HealthReport.Verdict.NOT_ENOUGH_DATA);
    assertThat(report.pending())
        .singleElement()
        .asString()
        .contains("no whole 60 s metric period since 2026-11-21T02:59:20Z");
    wire.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("GetMetricData")));
  }

  @Test
  void checkHealth_slowP90_isUnhealthy_evenWithoutErrors() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));
    wire.stubFor(
        query("GetMetricData")
            .willReturn(
                xml(
                    traffic(
                        new String[] {"2026-11-21T02:58:00Z", "2026-11-21T02:59:00Z"},
                        new double[] {300, 300},
                        new double[] {0, 0},
                        new double[] {0.4, 2.5}))));

    HealthReport report = checks.checkHealth(healthQuery(null, 10));

    assertThat(report.problems()).containsExactly("p90 response time 2500 ms above 1000 ms");
    assertThat(report.windowStart()).isEqualTo(Instant.parse("2026-11-21T02:55:00Z"));
  }

  private static HealthQuery healthQuery(String url, int minRequests) {
    return new HealthQuery(
        REF,
        url == null ? null : "arn:tg",
        "app/lb/1",
        "targetgroup/tg/1",
        url,
        5.0,
        5,
        null,
        60,
        minRequests,
        1000);
  }

  @Test
  void requestedRevision_knownBadNewerOrOtherFamily_isRefusedWithReasons() {
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(FAMILY + ":40")))
            .willReturn(
                json(
                    taskDefinitionBody(
                        40,
                        "ACTIVE",
                        "{\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\"},"
                            + "{\"key\":\"dr-runbooks/known-bad-by\",\"value\":\"ops-lead\"}"))));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(FAMILY + ":43")))
            .willReturn(json(taskDefinitionBody(43, "ACTIVE", ""))));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo("other-task:5")))
            .willReturn(json(AwsStubs.taskDefinition("other-task", 5, "ACTIVE", ""))));
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .withRequestBody(matchingJsonPath("$.taskDefinition", equalTo(FAMILY + ":42")))
            .willReturn(json(taskDefinitionBody(42, "ACTIVE", ""))));

    assertRefused(
        new RevisionQuery(REF, FAMILY, 42, 40, "dr-runbooks/known-bad", null, null),
        FAMILY + ":40 is tagged dr-runbooks/known-bad=true by ops-lead");
    assertRefused(
        new RevisionQuery(REF, FAMILY, 42, 43, "dr-runbooks/known-bad", null, null),
        FAMILY + ":43 is newer than the current :42: that is a roll forward");
    assertRefused(
        new RevisionQuery(REF, FAMILY, 42, 5, "dr-runbooks/known-bad", "other-task", null),
        "other-task:5 is of family other-task, not the service's " + FAMILY);

    StableRevision forced =
        checks.findStableRevision(
            new RevisionQuery(
                REF, FAMILY, 42, 40, "dr-runbooks/known-bad", null, "vendor confirmed 40 is fine"));
    assertThat(forced.revision()).isEqualTo(40);
    assertThat(forced.reason()).isEqualTo("requested, forced: vendor confirmed 40 is fine");
    assertThat(forced.overridden()).singleElement().asString().contains("known-bad=true");
    assertThat(forced.image()).isEqualTo(AwsStubs.image(40));
    assertThat(forced.currentImage()).isEqualTo(AwsStubs.image(42));
  }

  @Test
  void requestedInactiveRevision_isRefusedEvenWhenForced() {
    wire.stubFor(
        ecs("DescribeTaskDefinition").willReturn(json(taskDefinitionBody(39, "INACTIVE", ""))));

    assertThatThrownBy(
            () ->
                checks.findStableRevision(
                    new RevisionQuery(REF, FAMILY, 42, 39, null, null, "please")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.UNKNOWN_REVISION);
              assertThat(f.getOriginalMessage()).contains("INACTIVE").contains("forced or not");
            });
  }

  /** Gradual: ECS gets the batch as the deployment's maximum percent, old tasks kept at 100 %. */
  @Test
  void updateService_gradual_sendsBatchSizedDeploymentConfiguration() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(42, "COMPLETED", 4, 4))));
    wire.stubFor(ecs("UpdateService").willReturn(json("{\"service\":{}}")));

    changes.updateService(new UpdateServiceCommand(REF, FAMILY, 41, 125));

    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"))
            .withRequestBody(
                equalToJson(
                    "{\"cluster\":\"gitee-notion-sync-cluster\",\"service\":\"gitee-notion-sync-service\","
                        + "\"taskDefinition\":\""
                        + FAMILY
                        + ":41\",\"deploymentConfiguration\":{\"maximumPercent\":125,"
                        + "\"minimumHealthyPercent\":100}}")));
  }

  /** Unmark removes exactly the tags a mark wrote, and only those present. */
  @Test
  void unmarkRevisionBad_untagsTheMarkAndItsAuthor() {
    wire.stubFor(
        ecs("DescribeTaskDefinition")
            .willReturn(
                json(
                    taskDefinitionBody(
                        41,
                        "ACTIVE",
                        "{\"key\":\"dr-runbooks/known-bad\",\"value\":\"true\"},"
                            + "{\"key\":\"dr-runbooks/known-bad-by\",\"value\":\"ops-lead\"},"
                            + "{\"key\":\"team\",\"value\":\"sync\"}"))));
    wire.stubFor(ecs("UntagResource").willReturn(json("{}")));

    ServiceChange change =
        changes.unmarkRevisionBad(
            new MarkRevisionCommand(REF, FAMILY, 41, "dr-runbooks/known-bad", "ops-lead", "drill"));

    assertThat(change.changed()).isTrue();
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(ECS + "UntagResource"))
            .withRequestBody(
                equalToJson(
                    "{\"resourceArn\":\""
                        + arn(FAMILY, 41)
                        + "\",\"tagKeys\":[\"dr-runbooks/known-bad\",\"dr-runbooks/known-bad-by\"]}")));
  }

  private void assertRefused(RevisionQuery query, String reason) {
    assertThatThrownBy(() -> checks.findStableRevision(query))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ServiceChecks.REVISION_REFUSED);
              assertThat(f.getOriginalMessage()).contains(reason).contains("--force");
            });
  }

  @Test
  void checkHealth_unreachableHealthUrl_isAProblemNotACrash() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(describeBody(41, "COMPLETED", 2, 2))));

    HealthReport report =
        checks.checkHealth(
            new HealthQuery(REF, null, null, null, "http://127.0.0.1:1/health", 5.0, 5));

    assertThat(report.healthy()).isFalse();
    assertThat(report.problems()).singleElement().asString().startsWith("health URL unreachable");
  }

  // --- wire helpers ------------------------------------------------------------------------

  static String arn(String family, int revision) {
    return AwsStubs.arn(family, revision);
  }

  static String describeBody(int revision, String rollout, int desired, int running) {
    return service(
        FAMILY,
        revision,
        desired,
        running,
        deployment("ecs-svc/1", "PRIMARY", FAMILY, revision, rollout, desired, running));
  }

  static String taskDefinitionBody(int revision, String status, String tag) {
    return taskDefinition(FAMILY, revision, status, tag);
  }

  private static String event(String message) {
    return "{\"logStreamName\":\"ecs/sync/abc\",\"timestamp\":"
        + NOW.toEpochMilli()
        + ",\"message\":\""
        + message
        + "\"}";
  }
}
