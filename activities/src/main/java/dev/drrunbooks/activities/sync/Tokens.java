package dev.drrunbooks.activities.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Where the Gitee and Notion tokens come from: an environment variable of the worker, or a Secrets
 * Manager secret (its SecretString), read with the worker's own AWS credentials and kept in memory
 * for {@link #CACHE} so a validation does not call Secrets Manager once per request. A token never
 * leaves this class but into a request: not into a message, a log line or a workflow's history.
 */
public final class Tokens {

  /** How long a secret read from Secrets Manager is reused; a rotated token is seen after this. */
  static final Duration CACHE = Duration.ofMinutes(5);

  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+");

  private record Cached(String token, Instant at) {}

  private final UnaryOperator<String> environment;
  private final Function<String, SecretsManagerClient> clientForRegion;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, SecretsManagerClient> clients = new ConcurrentHashMap<>();

  public Tokens(
      UnaryOperator<String> environment,
      Function<String, SecretsManagerClient> clientForRegion,
      Clock clock) {
    this.environment = environment;
    this.clientForRegion = clientForRegion;
    this.clock = clock;
  }

  /** Tokens from the environment only (tests, and workers without Secrets Manager). */
  public static Tokens fromEnvironment(UnaryOperator<String> environment) {
    return new Tokens(
        environment,
        region -> {
          throw new IllegalStateException("no Secrets Manager client configured");
        },
        Clock.systemUTC());
  }

  /**
   * The token for {@code system}: from {@code env} when named, else from the secret {@code
   * secretArn}. Throws {@link TokenMissing} (not retried) when there is none, and {@link
   * ApiUnavailable} (retried) when Secrets Manager does not answer.
   */
  public String token(String system, String env, String secretArn) {
    if (env != null && !env.isBlank()) {
      String token = environment.apply(env);
      if (token == null || token.isBlank()) {
        throw new TokenMissing(system, env);
      }
      return token;
    }
    if (secretArn == null || secretArn.isBlank()) {
      throw new TokenMissing(system, "(no tokenEnv or tokenSecretArn in the profile)");
    }
    Cached cached = cache.get(secretArn);
    if (cached != null && cached.at().plus(CACHE).isAfter(clock.instant())) {
      return cached.token();
    }
    Matcher arn = SECRET_ARN.matcher(secretArn);
    if (!arn.matches()) {
      throw new TokenMissing(system, "tokenSecretArn is not a Secrets Manager ARN");
    }
    SecretsManagerClient client = clients.computeIfAbsent(arn.group(1), clientForRegion);
    String token;
    try {
      token = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
    } catch (SecretsManagerException e) {
      int status = e.statusCode();
      if (status >= 500 || status == 429 || e.isThrottlingException()) {
        throw new ApiUnavailable(
            "Secrets Manager GetSecretValue: " + e.awsErrorDetails().errorCode());
      }
      throw new TokenMissing(
          system,
          "secret " + secretArn + " could not be read (" + e.awsErrorDetails().errorCode() + ")");
    } catch (SdkClientException e) {
      throw new ApiUnavailable("Secrets Manager GetSecretValue: " + e.getClass().getSimpleName());
    }
    if (token == null || token.isBlank()) {
      throw new TokenMissing(system, "secret " + secretArn + " has no SecretString");
    }
    cache.put(secretArn, new Cached(token, clock.instant()));
    return token;
  }
}
