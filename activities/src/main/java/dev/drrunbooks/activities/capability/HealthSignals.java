package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.ServiceRef;
import java.time.Duration;
import java.util.Map;

/** The health and metrics capability: load-balancer targets, the 5xx rate, the health URL. */
public interface HealthSignals {

  /** ELBv2 DescribeTargetHealth: target id to state ({@code healthy}, {@code unhealthy}, ...). */
  Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn);

  /**
   * CloudWatch GetMetricData: 5xx responses as a percentage of requests over the window, or null
   * when there were no requests.
   */
  Double errorRatePercent(
      ServiceRef ref, String loadBalancerArnSuffix, String targetGroupArnSuffix, Duration window);

  /**
   * HTTP GET of the health URL: the status code; throws {@code IllegalStateException} when
   * unreachable.
   */
  int probe(ServiceRef ref, String url);
}
