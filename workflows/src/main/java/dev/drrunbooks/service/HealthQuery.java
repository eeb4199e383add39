package dev.drrunbooks.service;

import java.time.Instant;

/**
 * The plan's "verify service health" (section 3.1): ECS tasks, load-balancer targets, the health
 * URL, and the traffic the service served: its 5xx rate and p90 latency.
 *
 * <p>Traffic is judged on whole metric periods only. With {@code trafficSince} (the moment a
 * rollout completed) the window starts at the first period that begins after it, so the minutes
 * before a change never count for the revision that replaced it; it is also never longer than
 * {@code errorRateWindowMinutes}. Fewer than {@code minRequests} requests in the window is "not
 * enough data yet", never a pass.
 *
 * @param trafficSince judge only traffic served after this instant; null for the last {@code
 *     errorRateWindowMinutes} (the symptoms now)
 * @param metricPeriodSeconds CloudWatch period of one datapoint (60 for ALB metrics on AWS)
 * @param minRequests fewest requests in the window that make a rate worth judging
 * @param maxLatencyP90Millis highest acceptable p90 of TargetResponseTime; 0 does not judge latency
 */
public record HealthQuery(
    ServiceRef service,
    String targetGroupArn,
    String loadBalancerArnSuffix,
    String targetGroupArnSuffix,
    String healthUrl,
    double maxErrorRatePercent,
    int errorRateWindowMinutes,
    Instant trafficSince,
    int metricPeriodSeconds,
    int minRequests,
    double maxLatencyP90Millis) {

  /** Health with the rules of runs recorded before traffic windows: rolling window, any count. */
  public HealthQuery(
      ServiceRef service,
      String targetGroupArn,
      String loadBalancerArnSuffix,
      String targetGroupArnSuffix,
      String healthUrl,
      double maxErrorRatePercent,
      int errorRateWindowMinutes) {
    this(
        service,
        targetGroupArn,
        loadBalancerArnSuffix,
        targetGroupArnSuffix,
        healthUrl,
        maxErrorRatePercent,
        errorRateWindowMinutes,
        null,
        60,
        1,
        0);
  }

  /** The same checks on traffic served after {@code since}. */
  public HealthQuery since(Instant since) {
    return new HealthQuery(
        service,
        targetGroupArn,
        loadBalancerArnSuffix,
        targetGroupArnSuffix,
        healthUrl,
        maxErrorRatePercent,
        errorRateWindowMinutes,
        since,
        metricPeriodSeconds,
        minRequests,
        maxLatencyP90Millis);
  }

  /** Tasks, targets and the health URL only: what can be judged the moment tasks are up. */
  public HealthQuery targetsOnly() {
    return new HealthQuery(
        service,
        targetGroupArn,
        null,
        null,
        healthUrl,
        maxErrorRatePercent,
        errorRateWindowMinutes,
        null,
        metricPeriodSeconds,
        minRequests,
        maxLatencyP90Millis);
  }
}
