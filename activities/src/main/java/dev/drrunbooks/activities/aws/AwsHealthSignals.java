package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.TrafficDatapoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The health capability on AWS: ELBv2 target health, the ALB's per-period traffic from CloudWatch
 * (requests, target 5xx, p90 response time), and an HTTP probe of the health URL. CloudWatch stays
 * behind this class: its SDK protocol changes after the 2.40.x line, and an upgrade should touch
 * one place.
 */
final class AwsHealthSignals implements HealthSignals {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final String REQUESTS = "requests";
  private static final String ERRORS = "errors";
  private static final String LATENCY = "latencyp90";

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
  public Instant now() {
    return clock.instant();
  }

  @Override
  public List<TrafficDatapoint> traffic(
      ServiceRef ref,
      String loadBalancerArnSuffix,
      String targetGroupArnSuffix,
      Instant from,
      Instant to,
      int periodSeconds) {
    List<Dimension> dimensions =
        List.of(
            Dimension.builder().name("LoadBalancer").value(loadBalancerArnSuffix).build(),
            Dimension.builder().name("TargetGroup").value(targetGroupArnSuffix).build());
    Map<Instant, double[]> byPeriod = new TreeMap<>();
    String next = null;
    do {
      String token = next;
      GetMetricDataResponse page =
          AwsFailures.call(
              "CloudWatch GetMetricData",
              () ->
                  cloudWatch.getMetricData(
                      r ->
                          r.startTime(from)
                              .endTime(to)
                              .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                              .nextToken(token)
                              .metricDataQueries(
                                  stat(REQUESTS, "RequestCount", "Sum", dimensions, periodSeconds),
                                  stat(
                                      ERRORS,
                                      "HTTPCode_Target_5XX_Count",
                                      "Sum",
                                      dimensions,
                                      periodSeconds),
                                  stat(
                                      LATENCY,
                                      "TargetResponseTime",
                                      "p90",
                                      dimensions,
                                      periodSeconds))),
              AwsFailures.Mapper.NONE);
      for (MetricDataResult result : page.metricDataResults()) {
        int column =
            switch (result.id()) {
              case REQUESTS -> 0;
              case ERRORS -> 1;
              case LATENCY -> 2;
              default -> -1;
            };
        for (int i = 0; column >= 0 && i < result.timestamps().size(); i++) {
          double[] row =
              byPeriod.computeIfAbsent(
                  result.timestamps().get(i), t -> new double[] {0, 0, Double.NaN});
          row[column] = result.values().get(i);
        }
      }
      next = page.nextToken();
    } while (next != null);
    List<TrafficDatapoint> points = new ArrayList<>();
    byPeriod.forEach(
        (start, row) -> {
          if (row[0] > 0) {
            // TargetResponseTime is in seconds.
            points.add(
                new TrafficDatapoint(
                    start, row[0], row[1], Double.isNaN(row[2]) ? null : row[2] * 1000.0));
          }
        });
    return points;
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

  private static MetricDataQuery stat(
      String id, String metric, String stat, List<Dimension> dimensions, int periodSeconds) {
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
                .period(periodSeconds)
                .stat(stat)
                .build())
        .build();
  }
}
