package dev.drrunbooks.service;

import java.time.Instant;

/**
 * One metric period of the load balancer's traffic to the service's target group, as CloudWatch
 * aggregates it: requests, 5xx answers from the targets, and the 90th percentile of the targets'
 * response time. A period with no requests has no datapoint.
 *
 * @param start the period's start (CloudWatch's datapoint timestamp)
 * @param requests {@code RequestCount} (Sum)
 * @param errors {@code HTTPCode_Target_5XX_Count} (Sum); 0 when CloudWatch has no datapoint
 * @param latencyP90Millis {@code TargetResponseTime} (p90) in milliseconds; null when not reported
 */
public record TrafficDatapoint(
    Instant start, double requests, double errors, Double latencyP90Millis) {}
