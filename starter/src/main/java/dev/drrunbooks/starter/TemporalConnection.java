package dev.drrunbooks.starter;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to reach the Temporal frontend: address, namespace and, for a secured server, TLS, mTLS and
 * an API key (Temporal Cloud). Read with Temporal's own environment configuration, so the CLI, the
 * worker and the receiver take the same settings as the {@code temporal} command: the variables
 * {@code TEMPORAL_TLS}, {@code TEMPORAL_TLS_CLIENT_CERT_PATH}, {@code
 * TEMPORAL_TLS_CLIENT_KEY_PATH}, {@code TEMPORAL_TLS_SERVER_CA_CERT_PATH}, {@code
 * TEMPORAL_TLS_SERVER_NAME}, {@code TEMPORAL_API_KEY}, or a profile ({@code TEMPORAL_PROFILE}) of
 * the TOML file named by {@code TEMPORAL_CONFIG_FILE}. An address or namespace given explicitly
 * (flag or {@code runbook.temporal.*}) wins over the file.
 *
 * <p>Secrets stay in here: {@link #toString} and {@link #security} say which protections are on,
 * never a key or a certificate.
 */
public final class TemporalConnection {

  private final String address;
  private final String namespace;
  private final ClientConfigProfile profile;

  private TemporalConnection(String address, String namespace, ClientConfigProfile profile) {
    this.address = address;
    this.namespace = namespace;
    this.profile = profile;
  }

  /** A plaintext connection without credentials: the embedded development server. */
  public static TemporalConnection plain(String address, String namespace) {
    return new TemporalConnection(address, namespace, null);
  }

  /** From this process's environment (and the config file it names). */
  public static TemporalConnection fromEnvironment(String address, String namespace) {
    return fromEnvironment(address, namespace, System.getenv());
  }

  /**
   * From the given environment: {@code address} and {@code namespace}, when not blank, win over
   * what the environment says.
   *
   * @throws CliException (bad input) when the configuration cannot be read
   */
  public static TemporalConnection fromEnvironment(
      String address, String namespace, Map<String, String> environment) {
    ClientConfigProfile loaded;
    try {
      loaded =
          ClientConfigProfile.load(
              LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(environment).build());
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          ExitCode.BAD_INPUT,
          "cannot read the Temporal connection settings (TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE /"
              + " TEMPORAL_TLS_*): "
              + e.getMessage());
    }
    String chosenAddress =
        notBlank(address)
            ? address
            : notBlank(loaded.getAddress()) ? loaded.getAddress() : RunbookDefaults.ADDRESS;
    String chosenNamespace =
        notBlank(namespace)
            ? namespace
            : notBlank(loaded.getNamespace()) ? loaded.getNamespace() : RunbookDefaults.NAMESPACE;
    return new TemporalConnection(chosenAddress, chosenNamespace, loaded);
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  /** True when the connection is encrypted (TLS on, or an API key, which implies it). */
  public boolean tls() {
    if (profile == null) {
      return false;
    }
    ClientConfigTLS tls = profile.getTls();
    if (tls != null && tls.isDisabled() != null) {
      return !tls.isDisabled();
    }
    return tls != null || notBlank(profile.getApiKey());
  }

  /** What protects the connection, for logs and {@code doctor}: never a secret. */
  public String security() {
    if (!tls()) {
      return "plaintext";
    }
    List<String> parts = new ArrayList<>();
    ClientConfigTLS tls = profile.getTls();
    boolean clientCert =
        tls != null && (notBlank(tls.getClientCertPath()) || tls.getClientCertData() != null);
    parts.add(clientCert ? "mTLS (client certificate)" : "TLS");
    if (tls != null && (notBlank(tls.getServerCACertPath()) || tls.getServerCACertData() != null)) {
      parts.add("private CA");
    }
    if (notBlank(profile.getApiKey())) {
      parts.add("API key");
    }
    return String.join(", ", parts);
  }

  /**
   * Stub options for this connection: target, TLS context and credentials. The caller adds its own
   * channel settings and metrics.
   *
   * @throws CliException (bad input) when a certificate or key cannot be read
   */
  public WorkflowServiceStubsOptions.Builder stubsOptions() {
    if (profile == null) {
      return WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    }
    try {
      WorkflowServiceStubsOptions fromProfile =
          profile.toBuilder().setAddress(address).build().toWorkflowServiceStubsOptions();
      WorkflowServiceStubsOptions.Builder options =
          WorkflowServiceStubsOptions.newBuilder(fromProfile);
      if (tls() && fromProfile.getSslContext() == null) {
        // An API key alone (Temporal Cloud): TLS with the system's trust store.
        options.setEnableHttps(true);
      }
      return options;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new CliException(
          ExitCode.BAD_INPUT,
          "cannot set up TLS for the Temporal server at "
              + address
              + ": "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ". Check TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH and"
              + " TEMPORAL_TLS_SERVER_CA_CERT_PATH.");
    }
  }

  @Override
  public String toString() {
    return address + " (namespace " + namespace + ", " + security() + ")";
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
