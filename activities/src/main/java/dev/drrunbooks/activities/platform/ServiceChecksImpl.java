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
import dev.drrunbooks.service.TrafficDatapoint;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
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
    String currentImage = imageOf(platform, query);
    if (query.requestedRevision() != null) {
      return requested(platform, query, currentImage);
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
      return new StableRevision(
          revision,
          candidate.arn(),
          reason,
          skipped,
          query.family(),
          candidate.imageLine(),
          currentImage,
          List.of());
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

  /**
   * An explicit revision: it must exist and be ACTIVE; known-bad, newer than the current one, or of
   * another family is refused with the reason unless the query is forced, and then each overridden
   * check is named in the result.
   */
  private static StableRevision requested(
      EcsServices platform, RevisionQuery query, String currentImage) {
    String family = query.requestedFamily() == null ? query.family() : query.requestedFamily();
    TaskDefinitionInfo requested =
        platform.taskDefinition(query.service(), family, query.requestedRevision());
    String name = family + ":" + requested.revision();
    if (!"ACTIVE".equals(requested.status())) {
      throw ApplicationFailure.newNonRetryableFailure(
          name
              + " is "
              + requested.status()
              + "; ECS cannot deploy an INACTIVE task definition, forced or not",
          UNKNOWN_REVISION);
    }
    List<String> refusals = new ArrayList<>();
    if (!family.equals(query.family())) {
      refusals.add(name + " is of family " + family + ", not the service's " + query.family());
    } else if (requested.revision() > query.currentRevision()) {
      refusals.add(
          name
              + " is newer than the current :"
              + query.currentRevision()
              + ": that is a roll forward, not a rollback");
    }
    if (isKnownBad(requested, query.knownBadTag())) {
      String by = requested.tags().get(query.knownBadTag() + ServiceChangesImpl.BY);
      String why = requested.tags().get(query.knownBadTag() + ServiceChangesImpl.REASON);
      refusals.add(
          name
              + " is tagged "
              + query.knownBadTag()
              + "=true"
              + (by == null ? "" : " by " + by)
              + (why == null ? "" : " (" + why + ")"));
    }
    boolean forced = query.force() != null && !query.force().isBlank();
    if (!refusals.isEmpty() && !forced) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", refusals)
              + ". Pass --force \"reason\" to deploy it anyway; the reason is shown at the gate",
          REVISION_REFUSED);
    }
    return new StableRevision(
        requested.revision(),
        requested.arn(),
        forced && !refusals.isEmpty() ? "requested, forced: " + query.force() : "requested",
        List.of(),
        family,
        requested.imageLine(),
        currentImage,
        refusals);
  }

  @Override
  public HealthReport checkHealth(HealthQuery query) {
    HealthSignals signals = capabilities.health(query.service());
    List<String> problems = new ArrayList<>();
    List<String> pending = new ArrayList<>();

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

    Traffic traffic = null;
    if (query.loadBalancerArnSuffix() != null && query.targetGroupArnSuffix() != null) {
      traffic = judgeTraffic(signals, query, problems, pending);
    }
    return new HealthReport(
        state.runningCount(),
        state.desiredCount(),
        healthy,
        total,
        status,
        traffic == null ? null : traffic.errorRate,
        problems,
        pending,
        traffic == null ? null : traffic.from,
        traffic == null ? null : traffic.to,
        traffic == null ? null : traffic.requests,
        traffic == null ? null : traffic.worstP90);
  }

  /**
   * The traffic the service served in whole metric periods: after {@code trafficSince} when given
   * (the minutes before a rollout belong to the revision it replaced), never more than the
   * profile's window, and judged only on enough requests.
   */
  private static Traffic judgeTraffic(
      HealthSignals signals, HealthQuery query, List<String> problems, List<String> pending) {
    long period = Math.max(1, query.metricPeriodSeconds());
    Instant now = signals.now();
    Instant to = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period);
    Instant from = to.minus(Duration.ofMinutes(Math.max(1, query.errorRateWindowMinutes())));
    if (query.trafficSince() != null) {
      long since = query.trafficSince().getEpochSecond();
      if (query.trafficSince().getNano() > 0) {
        since++;
      }
      Instant firstWhole =
          Instant.ofEpochSecond(Math.floorDiv(since + period - 1, period) * period);
      if (firstWhole.isAfter(from)) {
        from = firstWhole;
      }
    }
    if (!to.isAfter(from)) {
      pending.add(
          "no whole "
              + period
              + " s metric period since "
              + query.trafficSince()
              + " yet (next ends "
              + from.plusSeconds(period)
              + ")");
      return new Traffic(from, from, 0L, null, null);
    }
    List<TrafficDatapoint> points =
        signals.traffic(
            query.service(),
            query.loadBalancerArnSuffix(),
            query.targetGroupArnSuffix(),
            from,
            to,
            (int) period);
    double requests = points.stream().mapToDouble(TrafficDatapoint::requests).sum();
    double errors = points.stream().mapToDouble(TrafficDatapoint::errors).sum();
    Double worstP90 =
        points.stream()
            .map(TrafficDatapoint::latencyP90Millis)
            .filter(java.util.Objects::nonNull)
            .max(Double::compare)
            .orElse(null);
    long count = Math.round(requests);
    int minRequests = Math.max(1, query.minRequests());
    if (count < minRequests) {
      pending.add(
          "too little traffic to judge: "
              + count
              + " requests from "
              + from
              + " to "
              + to
              + " (need "
              + minRequests
              + ")");
      return new Traffic(from, to, count, null, worstP90);
    }
    double rate = errors * 100.0 / requests;
    if (rate > query.maxErrorRatePercent()) {
      problems.add(
          String.format(
              "5xx rate %.2f%% above %.2f%% (%d requests from %s to %s)",
              rate, query.maxErrorRatePercent(), count, from, to));
    }
    if (query.maxLatencyP90Millis() > 0
        && worstP90 != null
        && worstP90 > query.maxLatencyP90Millis()) {
      problems.add(
          String.format(
              "p90 response time %.0f ms above %.0f ms", worstP90, query.maxLatencyP90Millis()));
    }
    return new Traffic(from, to, count, rate, worstP90);
  }

  private record Traffic(
      Instant from, Instant to, Long requests, Double errorRate, Double worstP90) {}

  /** The current revision's image, for the gate; a describe that fails costs only the image. */
  private static String imageOf(EcsServices platform, RevisionQuery query) {
    try {
      return platform
          .taskDefinition(query.service(), query.family(), query.currentRevision())
          .imageLine();
    } catch (ApplicationFailure e) {
      return "image unknown: " + e.getOriginalMessage();
    }
  }

  private static boolean isKnownBad(TaskDefinitionInfo info, String tag) {
    return tag != null && info.tags() != null && "true".equalsIgnoreCase(info.tags().get(tag));
  }
}
