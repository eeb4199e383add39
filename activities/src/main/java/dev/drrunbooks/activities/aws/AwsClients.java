package dev.drrunbooks.activities.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53recoverycluster.Route53RecoveryClusterClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the SDK clients for one region. Credentials come from the default chain; endpoints from
 * the SDK's own {@code AWS_ENDPOINT_URL_<SERVICE>} variables, which keep working because nothing
 * here sets an endpoint unless {@code endpointOverride} is given (tests only).
 */
public final class AwsClients {

  /**
   * Each call gets 20 s, each attempt 10 s: a hung control-plane call fails inside the activity's
   * 30 s start-to-close, so Temporal's retry, not a stuck thread, handles it.
   */
  private static final ClientOverrideConfiguration OVERRIDES =
      ClientOverrideConfiguration.builder()
          .apiCallTimeout(Duration.ofSeconds(20))
          .apiCallAttemptTimeout(Duration.ofSeconds(10))
          .retryStrategy(RetryMode.STANDARD)
          .build();

  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final URI endpointOverride;

  public AwsClients(String region) {
    this(region, DefaultCredentialsProvider.builder().build(), null);
  }

  /** For tests: explicit credentials and one endpoint for every service. */
  public AwsClients(String region, AwsCredentialsProvider credentials, URI endpointOverride) {
    this.region = Region.of(region);
    this.credentials = credentials;
    this.endpointOverride = endpointOverride;
  }

  /** Every AWS capability for this region, over one set of clients. */
  public dev.drrunbooks.activities.capability.Capabilities.Set capabilities(java.time.Clock clock) {
    return new dev.drrunbooks.activities.capability.Capabilities.Set(
        new AwsEcsServices(ecs()),
        new AwsLogSearch(logs(), clock),
        new AwsHealthSignals(elb(), cloudWatch(), clock),
        new AwsDnsZone(route53()),
        new AwsDatabases(rds(), cloudWatch(), clock),
        new AwsRoutingControls(
            endpoint ->
                new AwsClients(endpoint.region(), credentials, URI.create(endpoint.url()))
                    .routingControls()),
        new S3ObjectStore(s3()),
        new AwsDatabaseSecrets(secretsManager()),
        new dev.drrunbooks.activities.database.JdbcDatabases());
  }

  /**
   * A routing-control client: ARC is reached only through its cluster's own endpoints, so this is
   * built with the cluster endpoint as this set's endpoint override.
   */
  public Route53RecoveryClusterClient routingControls() {
    return configure(Route53RecoveryClusterClient.builder()).build();
  }

  /** Path-style addressing, so an endpoint override (S3Proxy, WireMock) needs no DNS per bucket. */
  public software.amazon.awssdk.services.s3.S3Client s3() {
    return configure(software.amazon.awssdk.services.s3.S3Client.builder())
        .forcePathStyle(endpointOverride != null)
        // The service's config bucket may be in another region than the backup bucket.
        .crossRegionAccessEnabled(endpointOverride == null)
        .build();
  }

  public SecretsManagerClient secretsManager() {
    return configure(SecretsManagerClient.builder()).build();
  }

  public RdsClient rds() {
    return configure(RdsClient.builder()).build();
  }

  /** Route 53 is global: its client is signed for aws-global whatever this set's region. */
  public Route53Client route53() {
    return configure(Route53Client.builder()).region(Region.AWS_GLOBAL).build();
  }

  /**
   * For a request that changes something. The SDK resends it only when AWS cannot have applied it:
   * AWS refused it for rate (throttling), or it never reached AWS whole (the connection was
   * refused, or was closed before the request body was written: an idle connection the other end
   * had dropped, an upload cut off). When its answer is lost (a reset after the request was sent, a
   * timeout, a 5xx after the fact) nobody knows whether AWS applied it, and resending at once could
   * apply it twice (a second forced deployment, another S3 version that a later undo would take for
   * the previous one). The activity fails retryable instead; Temporal's retry runs it again, and it
   * reads the current state before it writes.
   */
  static void asWrite(software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder o) {
    o.addPlugin(config -> config.overrideConfiguration(c -> c.retryStrategy(WRITE_RETRIES)));
  }

  private static final software.amazon.awssdk.retries.api.RetryStrategy WRITE_RETRIES =
      software.amazon.awssdk.retries.DefaultRetryStrategy.standardStrategyBuilder()
          .useClientDefaults(false)
          .retryOnException(e -> refusedForRate(e) || neverDelivered(e))
          .treatAsThrottling(AwsClients::refusedForRate)
          .maxAttempts(3)
          .build();

  private static boolean refusedForRate(Throwable e) {
    return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
        && service.isThrottlingException();
  }

  /**
   * The JDK's HTTP client reports a connection that failed while the request body was still being
   * written with this message (its streaming output stream's own); the server saw at most part of
   * the request, which neither S3 nor a JSON or XML control-plane API applies.
   */
  static final String BODY_NOT_WRITTEN = "Error writing request body to server";

  /** True when the request provably did not reach AWS whole, so sending it again is safe. */
  static boolean neverDelivered(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || (t instanceof java.io.IOException && BODY_NOT_WRITTEN.equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  public EcsClient ecs() {
    return configure(EcsClient.builder()).build();
  }

  public CloudWatchLogsClient logs() {
    return configure(CloudWatchLogsClient.builder()).build();
  }

  public CloudWatchClient cloudWatch() {
    return configure(CloudWatchClient.builder()).build();
  }

  public ElasticLoadBalancingV2Client elb() {
    return configure(ElasticLoadBalancingV2Client.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder.region(region).credentialsProvider(credentials).overrideConfiguration(OVERRIDES);
    if (builder
        instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(
          UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)));
    }
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    return builder;
  }
}
