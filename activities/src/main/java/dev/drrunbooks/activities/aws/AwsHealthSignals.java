package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The health capability on AWS: ELBv2 target health, the ALB's 5xx rate from CloudWatch, and an
 * HTTP probe of the health URL. CloudWatch stays behind this class: its SDK protocol changes after
 * the 2.40.x line, and an upgrade should touch one place.
 */
public final class AwsHealthSignals implements HealthSignals {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final ElasticLoadBalancingV2Client elb;
  private final CloudWatchClient cloudWatch;
  private final HttpClient http;
  private final Clock clock;

  public AwsHealthSignals(
      ElasticLoadBalancingV2Client elb, CloudWatchClient cloudWatch, Clock clock) {
    this.elb = elb;
    this.cloudWatch = cloudWatch;
    this.http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    this.clock = clock;
  }

  @Override
  public Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn) {
    Map<String, String> states = new LinkedHashMap<>();
    List<TargetHealthDescription> descriptions =
        AwsFailures.call(
                "ELBv2 DescribeTargetHealth",
                () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)),
                (call, e) ->
                    e instanceof TargetGroupNotFoundException missing
                        ? AwsFailures.nonRetryable(
                            call, missing, ServiceChecks.TARGET_GROUP_NOT_FOUND)
                        : null)
            .targetHealthDescriptions();
    for (TargetHealthDescription d : descriptions) {
      states.put(d.target().id() + ":" + d.target().port(), d.targetHealth().stateAsString());
    }
    return states;
  }

  @Override
  public Double errorRatePercent(
      ServiceRef ref, String loadBalancerArnSuffix, String targetGroupArnSuffix, Duration window) {
    Instant end = clock.instant();
    List<Dimension> dimensions =
        List.of(
            Dimension.builder().name("LoadBalancer").value(loadBalancerArnSuffix).build(),
            Dimension.builder().name("TargetGroup").value(targetGroupArnSuffix).build());
    GetMetricDataResponse response =
        AwsFailures.call(
            "CloudWatch GetMetricData",
            () ->
                cloudWatch.getMetricData(
                    r ->
                        r.startTime(end.minus(window))
                            .endTime(end)
                            .metricDataQueries(
                                sum("errors", "HTTPCode_Target_5XX_Count", dimensions),
                                sum("requests", "RequestCount", dimensions))),
            AwsFailures.Mapper.NONE);
    double errors = 0;
    double requests = 0;
    for (MetricDataResult result : response.metricDataResults()) {
      double total = result.values().stream().mapToDouble(Double::doubleValue).sum();
      if ("errors".equals(result.id())) {
        errors = total;
      } else if ("requests".equals(result.id())) {
        requests = total;
      }
    }
    return requests == 0 ? null : errors * 100.0 / requests;
  }

  @Override
  public int probe(ServiceRef ref, String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(PROBE_TIMEOUT)
            .header("User-Agent", "dr-runbooks")
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static MetricDataQuery sum(String id, String metric, List<Dimension> dimensions) {
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace("AWS/ApplicationELB")
                        .metricName(metric)
                        .dimensions(dimensions)
                        .build())
                .period(60)
                .stat("Sum")
                .build())
        .build();
  }
}
