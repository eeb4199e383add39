package dev.drrunbooks.validation;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * Health judged on the traffic a service served, as every procedure that changes the service and
 * the validation after it need it: the profile's thresholds over whole metric periods, and after a
 * change only the periods that started after it.
 */
public final class ServedTraffic {

  private ServedTraffic() {}

  /** Health now: the last {@code errorRateWindowMinutes} of traffic, judged as the profile says. */
  public static HealthQuery query(ServiceRef ref, ServiceProfile profile) {
    return new HealthQuery(
        ref,
        profile.loadBalancer().targetGroupArn(),
        profile.loadBalancer().loadBalancerArnSuffix(),
        profile.loadBalancer().targetGroupArnSuffix(),
        profile.health().url(),
        profile.health().maxErrorRatePercent(),
        profile.health().errorRateWindowMinutes(),
        null,
        profile.health().metricPeriodSeconds(),
        profile.health().minRequests(),
        profile.health().maxLatencyP90Millis());
  }

  /**
   * Health of the standby copy, behind its own load balancer; the health URL is the public name,
   * which after a DNS switch reaches the standby.
   */
  public static HealthQuery standbyQuery(ServiceRef standby, ServiceProfile profile) {
    ServiceProfile.Failover.Standby s = profile.failover().standby();
    return new HealthQuery(
        standby,
        s.targetGroupArn(),
        s.loadBalancerArnSuffix(),
        s.targetGroupArnSuffix(),
        profile.health().url(),
        profile.health().maxErrorRatePercent(),
        profile.health().errorRateWindowMinutes(),
        null,
        profile.health().metricPeriodSeconds(),
        profile.health().minRequests(),
        profile.health().maxLatencyP90Millis());
  }

  /** The health probe activity (tasks, targets, health URL, metrics in one call). */
  public static ServiceChecks probes(ServiceRef ref) {
    return Workflow.newActivityStub(
        ServiceChecks.class,
        summarised(RunbookOptions.HEALTH_PROBE, "check health of " + ref.service()));
  }

  /**
   * Looks at the traffic served since {@code since} until it is judged healthy, at most the
   * profile's {@code health.verifyTimeoutSeconds}: at once, when the window's first whole period
   * ends, then once per period. Each look is shown on the step's line. At the bound the step fails:
   * {@code CheckFailed} if unhealthy, {@code StepTimedOut} if there was still not enough data. A
   * dry run looks once and returns what it saw.
   */
  public static HealthReport verify(
      Runbook runbook, String stepId, ServiceRef ref, ServiceProfile profile, Instant since) {
    return verify(runbook, stepId, query(ref, profile), profile, since);
  }

  /** The same, for any query (the standby's load balancer, say). */
  public static HealthReport verify(
      Runbook runbook, String stepId, HealthQuery base, ServiceProfile profile, Instant since) {
    HealthQuery query = runbook.dryRun() || since == null ? base : base.since(since);
    ServiceChecks health = probes(base.service());
    long deadline = Workflow.currentTimeMillis() + profile.health().verifyTimeoutSeconds() * 1000L;
    int look = 0;
    while (true) {
      HealthReport report = health.checkHealth(query);
      look++;
      runbook.detail(stepId, "look " + look + ": " + report.oneLine());
      if (report.healthy() || runbook.dryRun()) {
        return report;
      }
      long now = Workflow.currentTimeMillis();
      if (now >= deadline) {
        throw ApplicationFailure.newFailure(
            (report.unhealthy() ? "service unhealthy" : "not enough data to judge")
                + " after "
                + profile.health().verifyTimeoutSeconds()
                + " s: "
                + report.oneLine(),
            report.unhealthy() ? FailureTypes.CHECK_FAILED : FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(
          Duration.ofMillis(Math.min(deadline - now, nextLookMillis(report, profile, now))));
    }
  }

  /**
   * When the next look can see more: the end of the first whole metric period of the window (with a
   * little slack), else one period on.
   */
  private static long nextLookMillis(HealthReport report, ServiceProfile profile, long now) {
    long period = Math.max(1, profile.health().metricPeriodSeconds()) * 1000L;
    if (report.windowStart() != null && report.requests() != null && report.requests() == 0) {
      long firstEnd = report.windowStart().toEpochMilli() + period + 250;
      if (firstEnd > now) {
        return firstEnd - now;
      }
    }
    return period;
  }
}
