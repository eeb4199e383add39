package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.EcsServices.TaskDefinitionInfo;
import dev.drrunbooks.activities.platform.LogGrouping;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-process world that every sandbox capability reads and changes: the service on ECS, its
 * logs, its load balancer and metrics. A fault injected here is seen by all of them (a bad release
 * fails health checks, raises the 5xx rate and fills the log). For the demo, simulation drills and
 * tests. Deployments take {@code deployTime} to replace every task; a bad revision's tasks run but
 * fail their health checks, answer 5xx and write errors to the log, as an application failure does
 * (plan 3.1 symptoms). State is computed from the clock when read, so it moves on by itself. Never
 * calls AWS.
 */
public final class SandboxWorld {

  /** The release that breaks the service: health checks fail, API errors, errors in the logs. */
  public static final int BAD_REVISION = 42;

  /** The release the service runs when the sandbox starts. */
  public static final int GOOD_REVISION = 41;

  private static final String ACCOUNT = "000000000000";
  private static final double BAD_ERROR_RATE = 45.0;

  private final Clock clock;
  private final Duration deployTime;
  private final Map<String, SimService> services = new ConcurrentHashMap<>();
  private final AtomicInteger updateCalls = new AtomicInteger();
  private final Map<String, Map<String, String>> tagsByArn = new ConcurrentHashMap<>();

  public SandboxWorld(Clock clock, Duration deployTime) {
    this.clock = clock;
    this.deployTime = deployTime;
  }

  // --- fault injection and inspection, for the demo, drills and tests ---------------------

  /** A bad release goes out, as in plan 3.1: deployed at once, then failing. */
  public void breakWithBadDeployment(ServiceRef ref, String family) {
    SimService s = service(ref, family);
    synchronized (s) {
      s.deployments.clear();
      s.deployments.add(
          new SimDeployment(s.nextDeploymentId(), BAD_REVISION, now() - deployTime.toMillis()));
      long t = now();
      for (int i = 0; i < 30; i++) {
        s.logs.add(
            new LogLine(
                t - i * 1000L,
                "ecs/sync/task-" + (i % 2),
                i % 3 == 0
                    ? "ERROR GiteeWebhookHandler: NullPointerException in IssueMapper.toNotionPage (release 2.4.0-rc1)"
                    : "ERROR NotionClient: 401 Unauthorized updating page "
                        + (9000 + i)
                        + " (token not mounted)"));
      }
    }
  }

  /** Number of UpdateService calls made against the sandbox since it started. */
  public int updateServiceCalls() {
    return updateCalls.get();
  }

  /** The sandbox implementation of every capability, all over this one world. */
  public Capabilities.Set capabilities() {
    return new Capabilities.Set(
        new SandboxEcsServices(this), new SandboxLogSearch(this), new SandboxHealthSignals(this));
  }

  // --- what the capabilities see and do ------------------------------------------------------

  ServiceState describeService(ServiceRef ref) {
    SimService s = existing(ref);
    synchronized (s) {
      s.settle(now());
      List<ServiceState.Deployment> deployments = new ArrayList<>();
      int running = 0;
      Map<SimDeployment, Integer> counts = s.runningCounts(now());
      for (SimDeployment d : s.deployments) {
        boolean primary = d == s.primary();
        int r = counts.get(d);
        running += r;
        deployments.add(
            new ServiceState.Deployment(
                d.id,
                primary ? "PRIMARY" : "ACTIVE",
                arn(s.family, d.revision),
                d.revision,
                primary ? (d.rolledOut(now()) ? "COMPLETED" : "IN_PROGRESS") : "COMPLETED",
                primary ? s.desired : 0,
                r,
                0));
      }
      SimDeployment primary = s.primary();
      return new ServiceState(
          "ACTIVE",
          arn(s.family, primary.revision),
          primary.revision,
          s.desired,
          running,
          Math.max(0, s.desired - running),
          deployments);
    }
  }

  List<Integer> activeRevisions(ServiceRef ref, String family) {
    return List.of(BAD_REVISION, GOOD_REVISION, 40, 39);
  }

  TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    if (revision < 39 || revision > BAD_REVISION) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task definition " + family + ":" + revision + " does not exist (sandbox has :39 to :42)",
          ServiceChecks.UNKNOWN_REVISION);
    }
    String arn = arn(family, revision);
    return new TaskDefinitionInfo(
        arn, revision, "ACTIVE", Map.copyOf(tagsByArn.getOrDefault(arn, Map.of())));
  }

  void updateService(ServiceRef ref, String taskDefinition, Integer desiredCount) {
    updateCalls.incrementAndGet();
    SimService s = existing(ref);
    synchronized (s) {
      s.settle(now());
      if (desiredCount != null) {
        s.desired = desiredCount;
      }
      if (taskDefinition != null) {
        int colon = taskDefinition.lastIndexOf(':');
        s.family = taskDefinition.substring(0, colon);
        int revision = Integer.parseInt(taskDefinition.substring(colon + 1));
        s.deployments.add(new SimDeployment(s.nextDeploymentId(), revision, now()));
      }
    }
  }

  void tagTaskDefinition(ServiceRef ref, String taskDefinitionArn, String key, String value) {
    tagsByArn.computeIfAbsent(taskDefinitionArn, k -> new ConcurrentHashMap<>()).put(key, value);
  }

  LogSummary recentErrors(LogQuery query) {
    SimService s = existing(query.service());
    long since = now() - Duration.ofMinutes(query.lookbackMinutes()).toMillis();
    LogGrouping grouping = new LogGrouping();
    synchronized (s) {
      s.logs.stream()
          .filter(l -> l.at >= since)
          .limit(query.maxEvents())
          .forEach(l -> grouping.add(l.message, l.stream));
    }
    return grouping.summary(false);
  }

  Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn) {
    SimService s = existing(ref);
    Map<String, String> targets = new LinkedHashMap<>();
    synchronized (s) {
      s.settle(now());
      int n = 0;
      Map<SimDeployment, Integer> counts = s.runningCounts(now());
      for (SimDeployment d : s.deployments) {
        int running = counts.get(d);
        for (int i = 0; i < running; i++) {
          targets.put(
              "10.0." + d.revision + "." + (++n) + ":8080",
              d.revision == BAD_REVISION ? "unhealthy" : "healthy");
        }
      }
    }
    return targets;
  }

  Double errorRatePercent(ServiceRef ref, String lb, String tg, Duration window) {
    Map<String, String> targets = targetHealth(ref, null);
    if (targets.isEmpty()) {
      return null;
    }
    long bad = targets.values().stream().filter("unhealthy"::equals).count();
    return BAD_ERROR_RATE * bad / targets.size();
  }

  int probe(ServiceRef ref, String url) {
    // Through the load balancer: any healthy target answers 200.
    return targetHealth(ref, null).containsValue("healthy") ? 200 : 503;
  }

  // --- the simulation ------------------------------------------------------------------------

  /**
   * The simulated service, created healthy on first use; its family is the plan's until told
   * otherwise.
   */
  private SimService existing(ServiceRef ref) {
    return services.computeIfAbsent(
        ref.cluster() + "/" + ref.service(), k -> fresh("gitee-notion-sync-task"));
  }

  private SimService service(ServiceRef ref, String family) {
    SimService known = services.get(ref.cluster() + "/" + ref.service());
    if (known != null) {
      synchronized (known) {
        known.family = family;
      }
      return known;
    }
    return services.computeIfAbsent(ref.cluster() + "/" + ref.service(), k -> fresh(family));
  }

  private SimService fresh(String family) {
    SimService s = new SimService(family, 2);
    s.deployments.add(
        new SimDeployment(s.nextDeploymentId(), GOOD_REVISION, now() - deployTime.toMillis()));
    return s;
  }

  private long now() {
    return clock.millis();
  }

  private static String arn(String family, int revision) {
    return "arn:aws:ecs:sandbox:" + ACCOUNT + ":task-definition/" + family + ":" + revision;
  }

  private record LogLine(long at, String stream, String message) {}

  private final class SimService {
    String family;
    int desired;
    int deploymentSeq;
    final List<SimDeployment> deployments = new ArrayList<>();
    final List<LogLine> logs = new ArrayList<>();

    SimService(String family, int desired) {
      this.family = family;
      this.desired = desired;
    }

    String nextDeploymentId() {
      return "ecs-svc/" + (++deploymentSeq);
    }

    SimDeployment primary() {
      return deployments.get(deployments.size() - 1);
    }

    /**
     * New tasks start one by one over the deploy time; for each one that starts, ECS stops one task
     * of the older deployments.
     */
    Map<SimDeployment, Integer> runningCounts(long now) {
      Map<SimDeployment, Integer> counts = new LinkedHashMap<>();
      int started = primary().started(now, desired);
      int oldLeft = Math.max(0, desired - started);
      for (int i = deployments.size() - 2; i >= 0; i--) {
        counts.put(deployments.get(i), oldLeft);
        oldLeft = 0;
      }
      counts.put(primary(), started);
      return counts;
    }

    /** Once the newest deployment has rolled out, ECS drains the older ones. */
    void settle(long now) {
      if (primary().rolledOut(now)) {
        SimDeployment p = primary();
        deployments.clear();
        deployments.add(p);
      }
    }
  }

  private final class SimDeployment {
    final String id;
    final int revision;
    final long startedAt;

    SimDeployment(String id, int revision, long startedAt) {
      this.id = id;
      this.revision = revision;
      this.startedAt = startedAt;
    }

    boolean rolledOut(long now) {
      return now - startedAt >= deployTime.toMillis();
    }

    int started(long now, int desired) {
      double progress =
          Math.min(1.0, (now - startedAt) / (double) Math.max(1, deployTime.toMillis()));
      return (int) Math.floor(desired * progress);
    }
  }
}
