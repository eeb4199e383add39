package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.DnsRecordsImpl;
import dev.drrunbooks.profile.ServiceProfile.Failover.RoutingControl;
import dev.drrunbooks.profile.ServiceProfile.Failover.RoutingControl.ClusterEndpoint;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * ARC routing controls at the wire (JSON protocol): the name follows the control that is On, a
 * switch sets both controls in one request, a dead cluster endpoint is skipped for the next, and a
 * safety rule's refusal is final.
 */
class AwsRoutingControlsWireTest {

  private static final String PRIMARY =
      "arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/primary";
  private static final String STANDBY =
      "arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/standby";
  private static final DnsTarget HOME = DnsTarget.cname("primary-lb.example.com", 60);
  private static final DnsTarget AWAY = DnsTarget.cname("standby-lb.example.com", 60);

  private WireMockServer wire;
  private DnsRecordsImpl dns;
  private DnsQuery record;

  @BeforeEach
  void setUp() throws Exception {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    int dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = socket.getLocalPort(); // closed again: nothing listens there
    }
    RoutingControl controls =
        new RoutingControl(
            PRIMARY,
            STANDBY,
            List.of(
                new ClusterEndpoint("http://127.0.0.1:" + dead + "/v1", "us-east-1"),
                new ClusterEndpoint(wire.baseUrl() + "/v1", "us-west-2")));
    AwsClients clients =
        new AwsClients(
            "ap-southeast-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
            null);
    Capabilities.Set aws = clients.capabilities(Clock.systemUTC());
    dns = new DnsRecordsImpl(new Capabilities(null, region -> aws));
    record =
        new DnsQuery(
            new ServiceRef(Target.AWS, "ap-southeast-1", "cluster", "service"),
            "Z123",
            "sync.example.com",
            HOME,
            AWAY,
            controls);
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void primaryOn_servesHome_andASwitchSetsBothControlsInOneRequest() {
    state(PRIMARY, "On");
    state(STANDBY, "Off");
    wire.stubFor(
        post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/?"))
            .withHeader("X-Amz-Target", equalTo("ToggleCustomerAPI.UpdateRoutingControlStates"))
            .willReturn(json("{}")));

    assertThat(dns.readRecord(record)).isEqualTo(HOME);
    DnsChange change = dns.switchRecord(new DnsSwitchCommand(record, AWAY, "failover"));

    assertThat(change.changed()).isTrue();
    assertThat(change.changeId()).isEqualTo("arc/standby");
    wire.verify(
        postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/?"))
            .withHeader("X-Amz-Target", equalTo("ToggleCustomerAPI.UpdateRoutingControlStates"))
            .withRequestBody(
                equalToJson(
                    "{\"UpdateRoutingControlStateEntries\":["
                        + "{\"RoutingControlArn\":\""
                        + STANDBY
                        + "\",\"RoutingControlState\":\"On\"},"
                        + "{\"RoutingControlArn\":\""
                        + PRIMARY
                        + "\",\"RoutingControlState\":\"Off\"}]}")));
    // After the switch the controls read standby On: the change is in sync.
    state(PRIMARY, "Off");
    state(STANDBY, "On");
    assertThat(dns.changeStatus(record, change.changeId())).isEqualTo("INSYNC");
    assertThat(dns.readRecord(record)).isEqualTo(AWAY);
  }

  @Test
  void safetyRuleRefusal_isFinal_andNamed() {
    state(PRIMARY, "On");
    state(STANDBY, "Off");
    wire.stubFor(
        post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/?"))
            .withHeader("X-Amz-Target", equalTo("ToggleCustomerAPI.UpdateRoutingControlStates"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(
                        "{\"__type\":\"ConflictException\",\"message\":\"the change violates"
                            + " safety rule at-least-one-on\",\"resourceId\":\"x\",\"resourceType\":\"y\"}")));

    assertThatThrownBy(() -> dns.switchRecord(new DnsSwitchCommand(record, AWAY, "failover")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("safety rule");
            });
  }

  @Test
  void bothControlsOff_isSaidPlainly() {
    state(PRIMARY, "Off");
    state(STANDBY, "Off");

    assertThatThrownBy(() -> dns.readRecord(record))
        .hasMessageContaining("both routing controls of sync.example.com are Off");
  }

  private void state(String arn, String state) {
    wire.stubFor(
        post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/?"))
            .withHeader("X-Amz-Target", equalTo("ToggleCustomerAPI.GetRoutingControlState"))
            .withRequestBody(matchingJsonPath("$.RoutingControlArn", equalTo(arn)))
            .willReturn(
                json(
                    "{\"RoutingControlArn\":\""
                        + arn
                        + "\",\"RoutingControlState\":\""
                        + state
                        + "\",\"RoutingControlName\":\"c\"}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
  }
}
