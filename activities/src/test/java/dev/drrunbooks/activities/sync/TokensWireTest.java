package dev.drrunbooks.activities.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.activities.aws.AwsClients;
import dev.drrunbooks.testing.SuppliedClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Tokens from Secrets Manager at the wire: read once per cache period, refusals said plainly. */
class TokensWireTest {

  private static final String ARN =
      "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:gitee-token-AbCdEf";
  private static final String TARGET = "secretsmanager.GetSecretValue";

  private WireMockServer wire;
  private Tokens tokens;
  private Instant now = Instant.parse("2026-11-21T03:00:00Z");

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    Clock clock = SuppliedClock.of(() -> now);
    tokens =
        new Tokens(
            name -> null,
            region ->
                new AwsClients(
                        region,
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDTEST", "test-secret")),
                        URI.create(wire.baseUrl()))
                    .secretsManager(),
            clock);
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void secretIsReadOnce_perCachePeriod() {
    wire.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"ARN\":\""
                            + ARN
                            + "\",\"Name\":\"gitee-token\",\"SecretString\":\"s3cr3t\"}")));

    assertThat(tokens.token("Gitee", null, ARN)).isEqualTo("s3cr3t");
    assertThat(tokens.token("Gitee", null, ARN)).isEqualTo("s3cr3t");
    now = now.plus(Tokens.CACHE).plus(Duration.ofSeconds(1));
    assertThat(tokens.token("Gitee", null, ARN)).isEqualTo("s3cr3t");

    wire.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN))));
  }

  @Test
  void missingSecret_isATokenProblem_namingTheSecretNotItsValue() {
    wire.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager"
                            + " can't find the specified secret.\"}")));

    assertThatThrownBy(() -> tokens.token("Gitee", null, ARN))
        .isInstanceOf(TokenMissing.class)
        .hasMessage(
            "Gitee token is not set: secret "
                + ARN
                + " could not be read (ResourceNotFoundException)");
  }

  @Test
  void environmentFirst_andAProfileWithNeitherIsSaidPlainly() {
    Tokens env = Tokens.fromEnvironment(name -> name.equals("GITEE_TOKEN") ? "from-env" : null);

    assertThat(env.token("Gitee", "GITEE_TOKEN", null)).isEqualTo("from-env");
    assertThatThrownBy(() -> env.token("Notion", "NOTION_TOKEN", null))
        .hasMessage("Notion token is not set: NOTION_TOKEN is empty in the worker's environment");
    assertThatThrownBy(() -> env.token("Notion", null, null))
        .hasMessage("Notion token is not set: (no tokenEnv or tokenSecretArn in the profile)");
    wire.verify(0, postRequestedFor(urlEqualTo("/")));
  }
}
