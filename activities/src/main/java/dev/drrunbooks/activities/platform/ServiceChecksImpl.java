package dev.drrunbooks.activities.platform;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.activities.capability.EcsServices.TaskDefinitionInfo;
import dev.drrunbooks.activities.capability.HealthSignals;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.RevisionQuery;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StableRevision;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Read-only checks, written once over whichever platform the service runs on. */
public class ServiceChecksImpl implements ServiceChecks {

  private final Capabilities capabilities;

  public ServiceChecksImpl(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public LogSummary recentErrors(LogQuery query) {
    return capabilities.logs(query.service()).recentErrors(query);
  }

  @Override
  public ServiceState describeService(ServiceRef service) {
    return capabilities.ecs(service).describeService(service);
  }

  @Override
  public StableRevision findStableRevision(RevisionQuery query) {
    EcsServices platform = capabilities.ecs(query.service());
    if (query.requestedRevision() != null) {
      TaskDefinitionInfo requested =
          platform.taskDefinition(query.service(), query.family(), query.requestedRevision());
      if (!"ACTIVE".equals(requested.status())) {
        throw ApplicationFailure.newNonRetryableFailure(
            query.family()
                + ":"
                + requested.revision()
                + " is "
                + requested.status()
                + "; ECS cannot deploy an INACTIVE task definition",
            UNKNOWN_REVISION);
      }
      return new StableRevision(requested.revision(), requested.arn(), "requested", List.of());
    }
    List<Integer> skipped = new ArrayList<>();
    for (int revision : platform.activeRevisions(query.service(), query.family())) {
      if (revision >= query.currentRevision()) {
        continue;
      }
      TaskDefinitionInfo candidate =
          platform.taskDefinition(query.service(), query.family(), revision);
      if (isKnownBad(candidate, query.knownBadTag())) {
        skipped.add(revision);
        continue;
      }
      String reason =
          "newest ACTIVE revision before :"
              + query.currentRevision()
              + (skipped.isEmpty() ? "" : ", skipping known-bad " + skipped);
      return new StableRevision(revision, candidate.arn(), reason, skipped);
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "no ACTIVE revision of "
            + query.family()
            + " older than the current :"
            + query.currentRevision()
            + (skipped.isEmpty()
                ? ""
                : " that is not tagged " + query.knownBadTag() + " (skipped " + skipped + ")")
            + "; pass the revision to roll back to explicitly",
        NO_STABLE_REVISION);
  }

  @Override
  public HealthReport checkHealth(HealthQuery query) {
    HealthSignals signals = capabilities.health(query.service());
    List<String> problems = new ArrayList<>();

    ServiceState state = capabilities.ecs(query.service()).describeService(query.service());
    if (state.runningCount() < state.desiredCount() || state.desiredCount() == 0) {
      problems.add(
          "running " + state.runningCount() + " of " + state.desiredCount() + " desired tasks");
    }

    int healthy = 0;
    int total = 0;
    if (query.targetGroupArn() != null) {
      Map<String, String> targets = signals.targetHealth(query.service(), query.targetGroupArn());
      total = targets.size();
      healthy = (int) targets.values().stream().filter("healthy"::equals).count();
      if (total == 0 || healthy < total) {
        problems.add(healthy + " of " + total + " load balancer targets healthy");
      }
    }

    Integer status = null;
    if (query.healthUrl() != null) {
      try {
        status = signals.probe(query.service(), query.healthUrl());
        if (status < 200 || status >= 300) {
          problems.add("health URL answered " + status);
        }
      } catch (IllegalStateException e) {
        problems.add("health URL unreachable: " + e.getMessage());
      }
    }

    Double errorRate = null;
    if (query.loadBalancerArnSuffix() != null && query.targetGroupArnSuffix() != null) {
      errorRate =
          signals.errorRatePercent(
              query.service(),
              query.loadBalancerArnSuffix(),
              query.targetGroupArnSuffix(),
              Duration.ofMinutes(Math.max(1, query.errorRateWindowMinutes())));
      if (errorRate != null && errorRate > query.maxErrorRatePercent()) {
        problems.add(
            String.format("5xx rate %.2f%% above %.2f%%", errorRate, query.maxErrorRatePercent()));
      }
    }
    return new HealthReport(
        state.runningCount(), state.desiredCount(), healthy, total, status, errorRate, problems);
  }

  private static boolean isKnownBad(TaskDefinitionInfo info, String tag) {
    return tag != null && info.tags() != null && "true".equalsIgnoreCase(info.tags().get(tag));
  }
}
