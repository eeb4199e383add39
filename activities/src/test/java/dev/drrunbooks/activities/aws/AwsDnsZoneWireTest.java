package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.DnsRecordsImpl;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ServiceRef;
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

/**
 * Route 53 at the wire (REST-XML): the record read, the UPSERT sent (CNAME and alias), the change
 * polled, a throttled change retried by the SDK and applied once, a missing zone refused.
 */
class AwsDnsZoneWireTest {

  private static final String RRSET = "/2013-04-01/hostedzone/Z123/rrset";
  private static final ServiceRef REF =
      new ServiceRef(Target.AWS, "ap-southeast-1", "cluster", "service");
  private static final DnsQuery RECORD = new DnsQuery(REF, "Z123", "sync.example.com", null);
  private static final DnsTarget STANDBY =
      DnsTarget.cname("standby-lb.ap-northeast-1.elb.amazonaws.com", 60);

  private WireMockServer wire;
  private DnsRecords dns;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    AwsClients clients =
        new AwsClients(
            "ap-southeast-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
            URI.create(wire.baseUrl()));
    Capabilities.Set aws = clients.capabilities(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    dns = new DnsRecordsImpl(new Capabilities(null, region -> aws));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void readsTheCnameAndItsTtl_fromListResourceRecordSets() {
    wire.stubFor(get(urlPathEqualTo(RRSET)).willReturn(records(cname("primary-lb.example.com"))));

    DnsTarget now = dns.readRecord(RECORD);

    assertThat(now).isEqualTo(DnsTarget.cname("primary-lb.example.com", 60));
    wire.verify(
        getRequestedFor(urlPathEqualTo(RRSET))
            .withQueryParam("name", equalTo("sync.example.com"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.containing("AKIDTEST")));
  }

  /**
   * The UPSERT carries the record, its TTL and why; a throttled first try is retried by the SDK and
   * the change lands once. A second switch (an activity retry after a lost answer) reads the new
   * value and writes nothing.
   */
  @Test
  void switchUpsertsOnce_evenWhenThrottled_andARetriedSwitchWritesNothing() {
    wire.stubFor(
        get(urlPathEqualTo(RRSET))
            .inScenario("zone")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(records(cname("primary-lb.example.com"))));
    wire.stubFor(
        post(urlPathMatching(RRSET + "/?"))
            .inScenario("zone")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                            + "<Message>Rate exceeded</Message></Error><RequestId>r1</RequestId>"
                            + "</ErrorResponse>"))
            .willSetStateTo("throttled"));
    wire.stubFor(
        post(urlPathMatching(RRSET + "/?"))
            .inScenario("zone")
            .whenScenarioStateIs("throttled")
            .willReturn(
                xml(
                    "<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                        + "<ChangeInfo><Id>/change/C0001</Id><Status>PENDING</Status>"
                        + "<SubmittedAt>2026-11-21T03:00:00Z</SubmittedAt></ChangeInfo>"
                        + "</ChangeResourceRecordSetsResponse>"))
            .willSetStateTo("switched"));
    wire.stubFor(
        get(urlPathEqualTo(RRSET))
            .inScenario("zone")
            .whenScenarioStateIs("switched")
            .willReturn(records(cname(STANDBY.value()))));

    DnsChange change = dns.switchRecord(new DnsSwitchCommand(RECORD, STANDBY, "failover INC-9"));
    DnsChange again = dns.switchRecord(new DnsSwitchCommand(RECORD, STANDBY, "failover INC-9"));

    assertThat(change.changed()).isTrue();
    assertThat(change.changeId()).endsWith("C0001");
    assertThat(change.before().value()).isEqualTo("primary-lb.example.com");
    assertThat(again.changed()).isFalse();
    wire.verify(
        2,
        postRequestedFor(urlPathMatching(RRSET + "/?"))
            .withRequestBody(matchingXPath("//*[local-name()='Action']/text()", equalTo("UPSERT")))
            .withRequestBody(
                matchingXPath("//*[local-name()='Name']/text()", equalTo("sync.example.com")))
            .withRequestBody(matchingXPath("//*[local-name()='Type']/text()", equalTo("CNAME")))
            .withRequestBody(matchingXPath("//*[local-name()='TTL']/text()", equalTo("60")))
            .withRequestBody(
                matchingXPath("//*[local-name()='Value']/text()", equalTo(STANDBY.value())))
            .withRequestBody(
                matchingXPath("//*[local-name()='Comment']/text()", equalTo("failover INC-9"))));
  }

  @Test
  void aliasRecords_areReadAndWrittenAsAliasTargets() {
    wire.stubFor(
        get(urlPathEqualTo(RRSET))
            .willReturn(
                records(
                    "<ResourceRecordSet><Name>sync.example.com.</Name><Type>A</Type>"
                        + "<AliasTarget><HostedZoneId>Z1LMS91P8CMLE5</HostedZoneId>"
                        + "<DNSName>primary-lb.example.com.</DNSName>"
                        + "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget>"
                        + "</ResourceRecordSet>")));
    wire.stubFor(
        post(urlPathMatching(RRSET + "/?"))
            .willReturn(
                xml(
                    "<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C0002</Id>"
                        + "<Status>PENDING</Status><SubmittedAt>2026-11-21T03:00:00Z</SubmittedAt>"
                        + "</ChangeInfo></ChangeResourceRecordSetsResponse>")));

    assertThat(dns.readRecord(RECORD))
        .isEqualTo(DnsTarget.alias("primary-lb.example.com.", "Z1LMS91P8CMLE5"));
    dns.switchRecord(
        new DnsSwitchCommand(
            RECORD, DnsTarget.alias("standby-lb.example.com", "Z14GRHDCWA56QT"), "failover"));

    wire.verify(
        postRequestedFor(urlPathMatching(RRSET + "/?"))
            .withRequestBody(matchingXPath("//*[local-name()='Type']/text()", equalTo("A")))
            .withRequestBody(
                matchingXPath(
                    "//*[local-name()='AliasTarget']/*[local-name()='DNSName']/text()",
                    equalTo("standby-lb.example.com")))
            .withRequestBody(
                matchingXPath(
                    "//*[local-name()='AliasTarget']/*[local-name()='HostedZoneId']/text()",
                    equalTo("Z14GRHDCWA56QT")))
            .withRequestBody(
                matchingXPath("//*[local-name()='EvaluateTargetHealth']/text()", equalTo("true"))));
  }

  @Test
  void changeStatus_isRoute53sGetChange() {
    wire.stubFor(
        get(urlPathMatching("/2013-04-01/change/.*C0001"))
            .willReturn(
                xml(
                    "<GetChangeResponse><ChangeInfo><Id>/change/C0001</Id><Status>INSYNC</Status>"
                        + "<SubmittedAt>2026-11-21T03:00:00Z</SubmittedAt></ChangeInfo>"
                        + "</GetChangeResponse>")));

    assertThat(dns.changeStatus(RECORD, "/change/C0001")).isEqualTo("INSYNC");
  }

  @Test
  void unknownZone_orNoSuchRecord_isRefusedAsRecordNotFound() {
    wire.stubFor(
        get(urlPathEqualTo(RRSET))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>"
                            + "<Message>No hosted zone found with ID: Z123</Message></Error>"
                            + "</ErrorResponse>")));

    assertThatThrownBy(() -> dns.readRecord(RECORD))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(DnsRecords.RECORD_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
            });

    wire.resetAll();
    wire.stubFor(
        get(urlPathEqualTo(RRSET))
            .willReturn(records(cname("x").replace("sync.example.com.", "other.example.com."))));
    assertThatThrownBy(() -> dns.readRecord(RECORD))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(f.getOriginalMessage())
                    .isEqualTo("hosted zone Z123 has no CNAME or alias A record sync.example.com"));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder records(
      String sets) {
    return xml(
        "<ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            + "<ResourceRecordSets>"
            + sets
            + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>10</MaxItems>"
            + "</ListResourceRecordSetsResponse>");
  }

  private static String cname(String value) {
    return "<ResourceRecordSet><Name>sync.example.com.</Name><Type>CNAME</Type><TTL>60</TTL>"
        + "<ResourceRecords><ResourceRecord><Value>"
        + value
        + "</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
  }
}
