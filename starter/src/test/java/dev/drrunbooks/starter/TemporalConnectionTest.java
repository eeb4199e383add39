package dev.drrunbooks.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection settings a secured Temporal (self-hosted mTLS, or Cloud's API key) needs. */
class TemporalConnectionTest {

  @TempDir Path dir;

  @Test
  void nothingConfigured_isThePlaintextLocalServer() {
    TemporalConnection c = TemporalConnection.fromEnvironment(null, null, Map.of());
    assertThat(c.address()).isEqualTo("localhost:7233");
    assertThat(c.namespace()).isEqualTo("default");
    assertThat(c.security()).isEqualTo("plaintext");
    assertThat(c.stubsOptions().build().getSslContext()).isNull();
  }

  @Test
  void apiKey_turnsTlsOn_andNeverShowsTheKey() {
    TemporalConnection c =
        TemporalConnection.fromEnvironment(
            null,
            null,
            Map.of(
                "TEMPORAL_ADDRESS", "dr.a1b2c.tmprl.cloud:7233",
                "TEMPORAL_NAMESPACE", "dr.a1b2c",
                "TEMPORAL_API_KEY", "secret-api-key-123"));
    WorkflowServiceStubsOptions options = c.stubsOptions().build();
    assertThat(options.getTarget()).isEqualTo("dr.a1b2c.tmprl.cloud:7233");
    assertThat(options.getEnableHttps() || options.getSslContext() != null).isTrue();
    assertThat(c.security()).isEqualTo("TLS, API key");
    assertThat(c.toString())
        .isEqualTo("dr.a1b2c.tmprl.cloud:7233 (namespace dr.a1b2c, TLS, API key)")
        .doesNotContain("secret");
  }

  @Test
  void flagsWinOverTheEnvironment_andTheConfigFilesProfileIsRead() throws Exception {
    Path toml = dir.resolve("temporal.toml");
    Files.writeString(
        toml,
        """
        [profile.prod]
        address = "temporal.prod.internal:7233"
        namespace = "dr-prod"
        [profile.prod.tls]
        """);
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", toml.toString(), "TEMPORAL_PROFILE", "prod");
    TemporalConnection fromFile = TemporalConnection.fromEnvironment(null, null, env);
    assertThat(fromFile.address()).isEqualTo("temporal.prod.internal:7233");
    assertThat(fromFile.namespace()).isEqualTo("dr-prod");
    assertThat(fromFile.security()).isEqualTo("TLS");

    TemporalConnection flagged = TemporalConnection.fromEnvironment("other:7233", "staging", env);
    assertThat(flagged.address()).isEqualTo("other:7233");
    assertThat(flagged.namespace()).isEqualTo("staging");
    assertThat(flagged.stubsOptions().build().getTarget()).isEqualTo("other:7233");
  }

  @Test
  void mutualTls_buildsTheClientContextFromPemFiles() throws Exception {
    Path[] pem = selfSignedPem();
    TemporalConnection c =
        TemporalConnection.fromEnvironment(
            "temporal.prod.internal:7233",
            "dr-prod",
            Map.of(
                "TEMPORAL_TLS_CLIENT_CERT_PATH", pem[0].toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH", pem[1].toString(),
                "TEMPORAL_TLS_SERVER_CA_CERT_PATH", pem[0].toString(),
                "TEMPORAL_TLS_SERVER_NAME", "temporal.prod.internal"));
    assertThat(c.security()).isEqualTo("mTLS (client certificate), private CA");
    assertThat(c.stubsOptions().build().getSslContext()).isNotNull();
    assertThat(c.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void unreadableCertificate_isBadInput_namingTheSettings() {
    TemporalConnection c =
        TemporalConnection.fromEnvironment(
            null,
            null,
            Map.of(
                "TEMPORAL_TLS_CLIENT_CERT_PATH", dir.resolve("missing.pem").toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH", dir.resolve("missing.key").toString()));
    assertThatThrownBy(c::stubsOptions)
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("cannot set up TLS for the Temporal server at localhost:7233")
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_CERT_PATH");
  }

  @Test
  void unreadableConfigFile_isBadInput() throws Exception {
    Path toml = dir.resolve("broken.toml");
    Files.writeString(toml, "[profile.prod\naddress = ");
    assertThatThrownBy(
            () ->
                TemporalConnection.fromEnvironment(
                    null, null, Map.of("TEMPORAL_CONFIG_FILE", toml.toString())))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot read the Temporal connection settings");
  }

  /** A self-signed certificate and its PKCS#8 key as PEM files, made with the JDK's keytool. */
  private Path[] selfSignedPem() throws Exception {
    Path store = dir.resolve("client.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=dr-runbooks-worker",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0)
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isTrue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
    Path cert = dir.resolve("client.pem");
    Files.writeString(
        cert,
        "-----BEGIN CERTIFICATE-----\n"
            + b64.encodeToString(ks.getCertificate("client").getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Path key = dir.resolve("client.key");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + b64.encodeToString(ks.getKey("client", "changeit".toCharArray()).getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, key};
  }
}
