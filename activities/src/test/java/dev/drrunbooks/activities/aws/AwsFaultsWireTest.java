package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.ECS;
import static dev.drrunbooks.activities.aws.AwsStubs.deployment;
import static dev.drrunbooks.activities.aws.AwsStubs.ecs;
import static dev.drrunbooks.activities.aws.AwsStubs.error;
import static dev.drrunbooks.activities.aws.AwsStubs.json;
import static dev.drrunbooks.activities.aws.AwsStubs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.ServiceChangesImpl;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.UpdateServiceCommand;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS misbehaving at the wire: throttling storms, 5xx, connection resets, garbled answers. A read
 * rides the storm on the SDK's retries or fails retryable for Temporal. A write is resent by the
 * SDK only after a throttling refusal (nothing applied); any other fault leaves nobody knowing
 * whether AWS applied it, so it is sent once per activity attempt, and the next attempt reads
 * before it writes: a change AWS did apply is never sent twice. No failure message carries the
 * credentials.
 */
class AwsFaultsWireTest {

  static final String FAMILY = "gitee-notion-sync-task";
  static final ServiceRef REF =
      new ServiceRef(
          Target.AWS, "ap-southeast-1", "gitee-notion-sync-cluster", "gitee-notion-sync-service");
  static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");

  /** The faults, each as AWS or the network would show it. */
  static Map<String, ResponseDefinitionBuilder> faults() {
    return Map.of(
        "throttled",
        error(400, "ThrottlingException", "Rate exceeded"),
        "503",
        error(503, "ServerException", "Service unavailable"),
        "500 without a body",
        aResponse().withStatus(500),
        "connection reset",
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        "empty answer",
        aResponse().withFault(Fault.EMPTY_RESPONSE),
        "garbled answer",
        aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
  }

  static Iterable<String> faultNames() {
    return faults().keySet().stream().sorted().toList();
  }

  /** The faults after which nobody knows whether a write was applied. */
  static Iterable<String> ambiguousFaults() {
    return faults().keySet().stream().filter(f -> !f.equals("throttled")).sorted().toList();
  }

  private WireMockServer wire;
  private ServiceChecksImpl checks;
  private ServiceChangesImpl changes;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    Capabilities.Set aws =
        AwsStubs.clients(wire.baseUrl(), "ap-southeast-1")
            .capabilities(Clock.fixed(NOW, ZoneOffset.UTC));
    Capabilities capabilities = new Capabilities(null, region -> aws);
    checks = new ServiceChecksImpl(capabilities);
    changes = new ServiceChangesImpl(capabilities);
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  /** A storm that outlasts the SDK's retries: retryable for Temporal, no secret in the message. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("faultNames")
  void readInAStorm_failsRetryable_withoutSecrets(String fault) {
    wire.stubFor(ecs("DescribeServices").willReturn(faults().get(fault)));

    assertThatThrownBy(() -> checks.describeService(REF))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).as(f.getMessage()).isFalse();
              assertThat(f.getType()).isIn("AwsThrottled", "AwsUnavailable", "AwsUnreachable");
              assertThat(f.getMessage()).contains("DescribeServices").doesNotContain("null: null");
              if (fault.equals("500 without a body")) {
                // Said with what AWS did say: the HTTP status, never "null: null".
                assertThat(f.getOriginalMessage())
                    .endsWith("DescribeServices: HTTP 500 with no error code or message from AWS");
              }
              assertNoSecret(f);
            });
    // The SDK tried three times (its standard mode) before handing over to Temporal.
    wire.verify(3, describeServices());
  }

  /** A fault that passes: the SDK's retries carry the read through; the activity just answers. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("faultNames")
  void readThroughAPassingFault_answers(String fault) {
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("blip")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(faults().get(fault))
            .willSetStateTo("passed"));
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("blip")
            .whenScenarioStateIs("passed")
            .willReturn(json(onRevision(41, 2))));

    assertThat(checks.describeService(REF).revision()).isEqualTo(41);
    wire.verify(2, describeServices());
  }

  /**
   * The rollback's write loses its answer; AWS applied it all the same. The activity fails
   * retryable after one send; Temporal's next attempt reads the service on :41 and sends nothing.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFaults")
  void writeWhoseAnswerIsLost_isSentOnce_andNotAgainWhenApplied(String fault) {
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("aws")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(onRevision(42, 2))));
    wire.stubFor(
        ecs("UpdateService")
            .inScenario("aws")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(faults().get(fault))
            .willSetStateTo("applied"));
    wire.stubFor(
        ecs("DescribeServices")
            .inScenario("aws")
            .whenScenarioStateIs("applied")
            .willReturn(json(onRevision(41, 2))));

    UpdateServiceCommand rollback = new UpdateServiceCommand(REF, FAMILY, 41);
    assertThatThrownBy(() -> changes.updateService(rollback))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertNoSecret(f);
            });
    wire.verify(1, updateService());

    ServiceChange retried = changes.updateService(rollback); // Temporal's next attempt
    assertThat(retried.changed()).isFalse();
    assertThat(retried.detail()).contains("already on " + FAMILY + ":41");
    wire.verify(1, updateService());
  }

  /** The same for a scale-out: one UpdateService at the wire whatever the fault. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFaults")
  void scaleWhoseAnswerIsLost_isSentOnce(String fault) {
    wire.stubFor(ecs("DescribeServices").willReturn(json(onRevision(41, 2))));
    wire.stubFor(ecs("UpdateService").willReturn(faults().get(fault)));

    assertThatThrownBy(() -> changes.scaleService(new ScaleServiceCommand(REF, 4)))
        .isInstanceOf(ApplicationFailure.class);
    wire.verify(1, updateService());
  }

  /** Throttling is a refusal, nothing applied: the SDK resends the write, then Temporal does. */
  @org.junit.jupiter.api.Test
  void throttledWrite_isResentBySdk_thenRetryableForTemporal() {
    wire.stubFor(ecs("DescribeServices").willReturn(json(onRevision(42, 2))));
    wire.stubFor(ecs("UpdateService").willReturn(faults().get("throttled")));

    assertThatThrownBy(() -> changes.updateService(new UpdateServiceCommand(REF, FAMILY, 41)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("AwsThrottled"));
    wire.verify(3, updateService());
  }

  private static void assertNoSecret(ApplicationFailure f) {
    String all = f.getMessage() + " " + String.valueOf(f.getCause());
    assertThat(all).doesNotContain("test-secret").doesNotContain("Signature=");
  }

  private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder describeServices() {
    return postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(ECS + "DescribeServices"));
  }

  private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder updateService() {
    return postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(ECS + "UpdateService"));
  }

  private static String onRevision(int revision, int tasks) {
    return service(
        FAMILY,
        revision,
        tasks,
        tasks,
        deployment("ecs-svc/1", "PRIMARY", FAMILY, revision, "COMPLETED", tasks, tasks));
  }
}
