package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.TrafficDatapoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The health and metrics capability: load-balancer targets, traffic metrics, the health URL. */
public interface HealthSignals {

  /** The time metrics are read against: the capability's clock. */
  Instant now();

  /** ELBv2 DescribeTargetHealth: target id to state ({@code healthy}, {@code unhealthy}, ...). */
  Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn);

  /**
   * CloudWatch GetMetricData over {@code [from, to)}, both on period boundaries: one datapoint per
   * period that had requests, oldest first.
   */
  List<TrafficDatapoint> traffic(
      ServiceRef ref,
      String loadBalancerArnSuffix,
      String targetGroupArnSuffix,
      Instant from,
      Instant to,
      int periodSeconds);

  /**
   * HTTP GET of the health URL: the status code; throws {@code IllegalStateException} when
   * unreachable.
   */
  int probe(ServiceRef ref, String url);
}
