package dev.drrunbooks.activities.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.activities.aws.AwsClients;
import dev.drrunbooks.activities.aws.AwsReportStore;
import dev.drrunbooks.incident.Classification;
import dev.drrunbooks.incident.DisasterType;
import dev.drrunbooks.incident.IncidentNote;
import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentReports.StoreReportRequest;
import dev.drrunbooks.incident.NoteRequest;
import dev.drrunbooks.incident.Severity;
import dev.drrunbooks.incident.Trigger;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Reports as files for the sandbox, and as S3 PutObject requests at the wire for AWS. */
class IncidentReportsImplTest {

  private static final Instant T0 = Instant.parse("2026-11-21T03:02:00Z");

  @TempDir Path folder;
  private WireMockServer wire;
  private IncidentReportsImpl reports;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    reports =
        new IncidentReportsImpl(
            folder,
            region ->
                new AwsReportStore(
                    new AwsClients(
                            region,
                            StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIDTEST", "test-secret")),
                            URI.create(wire.baseUrl()))
                        .s3()));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void sandboxReport_isWrittenAsMarkdownAndJson_andAgainIdentically() throws Exception {
    List<String> written = reports.store(new StoreReportRequest(report(), "local", null));
    List<String> again = reports.store(new StoreReportRequest(report(), "local", null));

    assertThat(written).isEqualTo(again);
    assertThat(written.get(0)).endsWith("INC-7.md");
    String md = Files.readString(Path.of(written.get(0)));
    assertThat(md)
        .contains("# Incident INC-7: gitee-notion-sync")
        .contains("| RTO (detection to validation passed) | 7m00s | 30 min | yes |")
        .contains("approve-rollback: APPROVE by dev-lead: go")
        .contains("- Webhook token expired at 03:00 (alice)")
        .contains("## Contacts\n\n- ops-lead: Li Lei, ops@example.com\n");
    String json = Files.readString(Path.of(written.get(1)));
    assertThat(json)
        .contains("\"rtoSeconds\" : 420")
        .contains("\"detectedAt\" : \"2026-11-21T03:02:00Z\"");
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("INC-7.md", "INC-7.json");
    }
  }

  @Test
  void awsReport_isPutToTheBucket_encrypted_withItsContentType() {
    wire.stubFor(put(urlPathMatching("/dr-reports/.*")).willReturn(aResponse().withStatus(200)));

    List<String> written =
        reports.store(
            new StoreReportRequest(report(), "s3://dr-reports/incidents/", "ap-northeast-1"));

    assertThat(written)
        .containsExactly(
            "s3://dr-reports/incidents/INC-7.md", "s3://dr-reports/incidents/INC-7.json");
    wire.verify(
        putRequestedFor(urlEqualTo("/dr-reports/incidents/INC-7.md"))
            .withHeader("Content-Type", equalTo("text/markdown; charset=utf-8"))
            .withHeader("x-amz-server-side-encryption", equalTo("AES256"))
            .withHeader("Authorization", containing("/ap-northeast-1/s3/aws4_request"))
            .withRequestBody(containing("# Incident INC-7")));
    wire.verify(
        putRequestedFor(urlEqualTo("/dr-reports/incidents/INC-7.json"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(containing("\"status\" : \"RESOLVED\"")));
  }

  @Test
  void bucketThatRefuses_isNotRetried() {
    wire.stubFor(
        put(urlPathMatching("/dr-reports/.*"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));

    assertThatThrownBy(
            () ->
                reports.store(
                    new StoreReportRequest(
                        report(), "s3://dr-reports/incidents/", "ap-northeast-1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("AccessDenied");
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  @Test
  void locationThatIsNeitherLocalNorS3_isRefused() {
    assertThatThrownBy(() -> reports.store(new StoreReportRequest(report(), "ftp://x", null)))
        .hasMessageContaining("neither 'local' nor s3://bucket/prefix/");
  }

  private static IncidentReport report() {
    return new IncidentReport(
        "INC-7",
        "incident/aws/ap-southeast-1/c/s",
        "gitee-notion-sync",
        "aws/ap-southeast-1/c/s",
        IncidentReport.RESOLVED,
        false,
        "sync stopped",
        Trigger.alert("alertmanager", "error-rate-spike", "fp-1", T0),
        List.of(),
        T0,
        T0.plusSeconds(60),
        T0.plusSeconds(420),
        T0.plusSeconds(430),
        420L,
        30,
        40L,
        5,
        List.of(),
        new Classification(
            DisasterType.APPLICATION,
            Severity.SEV1,
            "app-rollback",
            List.of("health URL answers 503"),
            "runbook",
            T0),
        List.of(),
        List.of(),
        "PASS: 4 pass",
        List.of(),
        List.of(
            new ApprovalRecord(
                "approve-rollback", "dev-lead", Decision.APPROVE, "go", T0.plusSeconds(200))),
        List.of(
            new IncidentNote("alice", NoteRequest.Kind.IMPROVEMENT, "rotate tokens", T0),
            new IncidentNote(
                "alice", NoteRequest.Kind.CAUSE, "Webhook token expired at 03:00", T0)),
        List.of("rotate tokens (alice)"),
        List.of(),
        List.of(),
        List.of(
            new dev.drrunbooks.profile.ServiceProfile.Contact(
                "ops-lead", "Li Lei", null, "ops@example.com", null)));
  }
}
