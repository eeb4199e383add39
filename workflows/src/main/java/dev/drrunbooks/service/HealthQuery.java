package dev.drrunbooks.service;

/** The plan's "verify service health" (section 3.1), as four checks on one service. */
public record HealthQuery(
    ServiceRef service,
    String targetGroupArn,
    String loadBalancerArnSuffix,
    String targetGroupArnSuffix,
    String healthUrl,
    double maxErrorRatePercent,
    int errorRateWindowMinutes) {}
