package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.EcsServices.TaskDefinitionInfo;
import dev.drrunbooks.activities.platform.LogGrouping;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.TrafficDatapoint;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** The oldest revision the sandbox has: enough to practise rollbacks many times over. */
  public static final int OLDEST_REVISION = 30;

  /** The release the service runs when the sandbox starts. */
  public static final int GOOD_REVISION = 41;

  private static final String ACCOUNT = "000000000000";
  private static final String IMAGE_REPOSITORY =
      "000000000000.dkr.ecr.sandbox.amazonaws.com/gitee-notion-sync";

  /** Share of a bad revision's requests answered with a 5xx, and of a good one's. */
  private static final double BAD_ERROR_SHARE = 0.45;

  private static final double GOOD_ERROR_SHARE = 0.002;

  /** p90 response times: the bad release is slow too (plan: "performance threshold exceeded"). */
  private static final double BAD_P90_MILLIS = 2400;

  private static final double GOOD_P90_MILLIS = 180;

  private volatile double requestsPerSecond = 20;

  private final Clock clock;
  private final Duration deployTime;
  private final Map<String, SimService> services = new ConcurrentHashMap<>();
  private final AtomicInteger updateCalls = new AtomicInteger();
  private final Map<String, Map<String, String>> tagsByArn = new ConcurrentHashMap<>();
  private final Map<String, Long> outages = new ConcurrentHashMap<>();
  private volatile Long databaseDownSince;
  private final Map<String, DnsTarget> records = new ConcurrentHashMap<>();
  private final Map<String, Long> changes = new ConcurrentHashMap<>();
  private final Map<String, Long> promotions = new ConcurrentHashMap<>();
  private final Map<String, String> routing = new ConcurrentHashMap<>();
  private final AtomicInteger changeSeq = new AtomicInteger();

  public SandboxWorld(Clock clock, Duration deployTime) {
    this.clock = clock;
    this.deployTime = deployTime;
    this.createdAt = clock.millis();
    this.storage = new SandboxStorage(clock, deployTime, this::record);
  }

  private final List<String> mutations = java.util.Collections.synchronizedList(new ArrayList<>());

  private void record(String mutation) {
    mutations.add(mutation);
  }

  /**
   * Comments posted on Gitee issues through the API, by issue key, with when: part of the world, so
   * they outlive the worker that posted them, as Gitee's do.
   */
  private final Map<String, List<Map.Entry<Long, String>>> comments = new ConcurrentHashMap<>();

  List<Map.Entry<Long, String>> comments(String issueKey) {
    return comments.getOrDefault(issueKey, List.of());
  }

  /** Posts a comment now; returns when Gitee recorded it. */
  long comment(String issueKey, String body) {
    long now = clock.millis();
    record("gitee comment " + issueKey);
    comments
        .computeIfAbsent(issueKey, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(Map.entry(now, body));
    return now;
  }

  /**
   * Every change an API call made to the world, in order (ECS updates, DNS changes, replica
   * promotions, database restores, S3 writes, Gitee comments; not the faults a drill injects): what
   * a test counts to prove each change happened exactly once, whatever crashed in between.
   */
  public List<String> mutations() {
    synchronized (mutations) {
      return List.copyOf(mutations);
    }
  }

  private final SandboxStorage storage;

  /** The buckets, database instances, secret and tables of the simulated service. */
  public SandboxStorage storage() {
    return storage;
  }

  private final long createdAt;

  public Clock clock() {
    return clock;
  }

  /** How long a simulated deployment takes; the simulation's other latencies scale with it. */
  public Duration deployTime() {
    return deployTime;
  }

  // --- fault injection and inspection, for the demo, drills and tests ---------------------

  /** A bad release goes out, as in plan 3.1: deployed at once, then failing. */
  public void breakWithBadDeployment(ServiceRef ref, String family) {
    SimService s = service(ref, family);
    synchronized (s) {
      s.deployments.clear();
      s.deploy(
          new SimDeployment(
              deployTime,
              now(),
              s.nextDeploymentId(),
              BAD_REVISION,
              now() - deployTime.toMillis()));
      long t = now();
      for (int i = 0; i < 30; i++) {
        s.logs.add(
            new SimService.LogLine(
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

  /**
   * Back to the start: the service healthy on the good revision, no known-bad tags on its family,
   * normal traffic. For practice runs, so each starts from the same place.
   */
  public void reset(ServiceRef ref, String family) {
    services.keySet().removeIf(k -> k.endsWith("/" + ref.cluster() + "/" + ref.service()));
    outages.clear();
    databaseDownSince = null;
    storage.reset();
    records.clear();
    promotions.clear();
    routing.clear();
    tagsByArn.keySet().removeIf(arn -> arn.contains("task-definition/" + family + ":"));
    requestsPerSecond = 20;
    service(ref, family);
  }

  /**
   * Back to a state a drill recorded before it began: {@link #reset} first, then the primary on
   * that revision with that task count, and those revisions tagged known-bad, all at once (the
   * sandbox's own bookkeeping, not a deployment to wait for).
   */
  public void restore(ServiceRef ref, String family, dev.drrunbooks.sandbox.SandboxState to) {
    reset(ref, family);
    SimService s = service(ref, family);
    synchronized (s) {
      if (to.primaryRevision() != null && to.primaryRevision() != GOOD_REVISION) {
        s.deployments.clear();
        SimDeployment d =
            new SimDeployment(
                deployTime,
                now(),
                s.nextDeploymentId(),
                to.primaryRevision(),
                now() - deployTime.toMillis());
        d.visibleFrom = Long.MIN_VALUE;
        s.deploy(d);
      }
      s.desired = to.primaryDesired();
    }
    if (to.knownBad() != null) {
      for (int revision : to.knownBad()) {
        tagTaskDefinition(ref, arn(family, revision), Map.of("dr-runbooks/known-bad", "true"));
      }
    }
  }

  /**
   * The region stops answering, as in plan 3.3 (tasks cannot start, network problems): every call
   * to it times out, and its tasks serve nothing.
   */
  public void regionOutage(String region) {
    outages.put(region, now());
  }

  /**
   * The database stops accepting connections, as in plan 3.2: the service's tasks keep running and
   * its health URL answers, but its connection pool times out and the sync stalls.
   */
  public void databaseOutage() {
    databaseDownSince = now();
    storage.loseDatabase();
    long t = now();
    for (Map.Entry<String, SimService> e : services.entrySet()) {
      SimService s = e.getValue();
      synchronized (s) {
        if (s.desired <= 0) {
          continue;
        }
        for (int i = 0; i < 20; i++) {
          s.logs.add(
              new SimService.LogLine(
                  t - i * 1500L,
                  "ecs/sync/task-" + (i % 2),
                  i % 2 == 0
                      ? "ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms"
                      : "ERROR SyncJob: sync of acme/gitee-notion-sync failed: could not open JDBC connection (connect timed out)"));
        }
      }
    }
  }

  /**
   * A bad config push, as in plan 3.2 ("check the connection configuration, verify the
   * credentials"): the service's env file gets a wrong database password and the tasks restart (a
   * new deployment of the same revision), so they cannot log in; the database itself is sound.
   */
  public void configLoss(ServiceRef ref, String family) {
    storage.breakServiceConfig();
    SimService s = service(ref, family);
    synchronized (s) {
      s.settle(now());
      s.deploy(
          new SimDeployment(
              deployTime,
              now(),
              s.nextDeploymentId(),
              s.primary().revision,
              now() - deployTime.toMillis()));
      long t = now();
      for (int i = 0; i < 20; i++) {
        s.logs.add(
            new SimService.LogLine(
                t - i * 1500L,
                "ecs/sync/task-" + (i % 2),
                i % 2 == 0
                    ? "FATAL: password authentication failed for user \"sync\""
                    : "ERROR SyncJob: sync of acme/gitee-notion-sync failed: could not open JDBC"
                        + " connection (password authentication failed)"));
      }
    }
  }

  /**
   * Damages the newest backup set's env file (of any bucket holding sets): its bytes no longer
   * match the manifest. An incremental set that copied nothing refers to the env object of the set
   * before it, so the newest set holding one is damaged: the newest set's check then fails all the
   * same. Returns {@code bucket/key} damaged, or null when there is no set yet.
   */
  public String corruptNewestBackup() {
    java.util.TreeMap<String, String> sets =
        new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    for (String bucket : storage.bucketNames()) {
      for (String set : storage.list(bucket, "", "/").prefixes()) {
        if (set.matches("\\d{8}T\\d{6}Z/")) {
          sets.put(set, bucket);
        }
      }
    }
    for (var set : sets.entrySet()) {
      String bucket = set.getValue();
      String key =
          storage.list(bucket, set.getKey(), null).keys().stream()
              .filter(k -> k.endsWith(".env"))
              .findFirst()
              .orElse(null);
      if (key != null) {
        storage.corrupt(bucket, key);
        return bucket + "/" + key;
      }
    }
    return null;
  }

  /**
   * The database instance is deleted, as by a mistaken cleanup: like an outage for the service, but
   * RDS no longer knows the instance, so only its newest snapshot can bring the data back.
   */
  public void databaseDeleted() {
    databaseOutage();
    storage.deleteDatabase();
  }

  /** The database accepts connections again. */
  public void databaseRecovered() {
    databaseDownSince = null;
    storage.recoverDatabase();
  }

  /** The region answers again (its tasks are as they were); for failback practice and tests. */
  public void regionRecovered(String region) {
    outages.remove(region);
  }

  /** The facts a drill compares before and after it cleaned up. */
  public dev.drrunbooks.sandbox.SandboxState state(dev.drrunbooks.sandbox.SandboxStateQuery q) {
    // Any sandbox profile's service: one the world has not seen yet is there, healthy, as every
    // capability would find it.
    SimService primary = service(q.primary(), q.family());
    SimService standby = q.standby() == null ? null : services.get(key(q.standby()));
    Integer revision;
    int desired;
    synchronized (primary) {
      revision = primary.primary().revision;
      desired = primary.desired;
    }
    int standbyDesired = 0;
    if (standby != null) {
      synchronized (standby) {
        standbyDesired = standby.desired;
      }
    }
    DnsTarget name = q.zone() == null ? null : records.get(q.zone() + "/" + q.recordName());
    List<Integer> knownBad =
        tagsByArn.entrySet().stream()
            .filter(e -> e.getKey().contains("task-definition/" + q.family() + ":"))
            .filter(e -> "true".equals(e.getValue().get("dr-runbooks/known-bad")))
            .map(e -> Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf(':') + 1)))
            .sorted()
            .toList();
    return new dev.drrunbooks.sandbox.SandboxState(
        revision,
        desired,
        standbyDesired,
        name != null && name.pointsAt(q.standbyLoadBalancer()),
        outages.containsKey(q.primary().region()),
        databaseDownSince != null,
        knownBad.size(),
        knownBad);
  }

  /** Requests per second the load balancer sends to the service (20 unless told otherwise). */
  public void setTraffic(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  /** Number of UpdateService calls made against the sandbox since it started. */
  public int updateServiceCalls() {
    return updateCalls.get();
  }

  /**
   * Whether the sync service was syncing at {@code t}: it runs in the service's tasks, so it stalls
   * while most of them run a bad release (whose log fills with Notion errors). The sandbox
   * simulates one sync service: the plan's.
   */
  boolean syncingAt(long t) {
    existingQuietly("sandbox-primary");
    for (Map.Entry<String, SimService> e : services.entrySet()) {
      String region = e.getKey().substring(0, e.getKey().indexOf('/'));
      Long down = outages.get(region);
      if (down != null && down <= t) {
        continue;
      }
      SimService s = e.getValue();
      synchronized (s) {
        if (s.desired > 0 && s.badShareAt(t) < 0.5 && storage.connects(s.envAt(t), t)) {
          return true;
        }
      }
    }
    return false;
  }

  private void existingQuietly(String region) {
    services.computeIfAbsent(
        region + "/gitee-notion-sync-cluster/gitee-notion-sync-service",
        k -> fresh("gitee-notion-sync-task", idleCount(region)));
  }

  long createdAt() {
    return createdAt;
  }

  /** The sandbox implementation of every capability, all over this one world. */
  public Capabilities.Set capabilities() {
    return new Capabilities.Set(
        new SandboxEcsServices(this),
        new SandboxLogSearch(this),
        new SandboxHealthSignals(this),
        new SandboxDnsZone(this),
        new SandboxDatabases(this),
        new SandboxRoutingControls(this),
        storage,
        storage,
        storage);
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
                primary
                    ? (d.rolledOut(now(), s.desired) ? "COMPLETED" : "IN_PROGRESS")
                    : "COMPLETED",
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
    List<Integer> newestFirst = new ArrayList<>();
    for (int r = BAD_REVISION; r >= OLDEST_REVISION; r--) {
      newestFirst.add(r);
    }
    return newestFirst;
  }

  TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    if (revision < OLDEST_REVISION || revision > BAD_REVISION) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task definition "
              + family
              + ":"
              + revision
              + " does not exist (sandbox has :"
              + OLDEST_REVISION
              + " to :"
              + BAD_REVISION
              + ")",
          ServiceChecks.UNKNOWN_REVISION);
    }
    String arn = arn(family, revision);
    return new TaskDefinitionInfo(
        arn,
        revision,
        "ACTIVE",
        Map.copyOf(tagsByArn.getOrDefault(arn, Map.of())),
        List.of(IMAGE_REPOSITORY + ":2.3." + revision));
  }

  void forceNewDeployment(ServiceRef ref, int desiredCount) {
    updateCalls.incrementAndGet();
    record("ecs force-new-deployment " + key(ref) + " desired " + desiredCount);
    SimService s = existing(ref);
    synchronized (s) {
      s.settle(now());
      s.desired = desiredCount;
      s.deploy(
          new SimDeployment(deployTime, now(), s.nextDeploymentId(), s.primary().revision, now()));
    }
  }

  // --- the simulated read replica: it falls behind while its source's region is down --------

  ReplicaState replica(ServiceRef ref, String instanceId) {
    existing(ref); // a region that does not answer does not answer for its database either
    Long promoting = promotions.get(ref.region() + "/" + instanceId);
    if (promoting != null) {
      boolean done = now() >= promoting + deployTime.toMillis();
      return new ReplicaState(
          instanceId, done ? "available" : "modifying", done ? null : "gitee-notion-sync-db", null);
    }
    long lag = 2;
    for (long since : outages.values()) {
      lag = Math.max(lag, (now() - since) / 1000);
    }
    return new ReplicaState(instanceId, "available", "gitee-notion-sync-db", lag);
  }

  dev.drrunbooks.service.DatabaseReach reachDatabase(ServiceRef ref, String host, int port) {
    existing(ref); // from a region that does not answer, nothing is probed
    String endpoint = host + ":" + port;
    if (SandboxStorage.HOST.equals(host) || host.endsWith(".sandbox.invalid")) {
      return storage.reach(host, port);
    }
    return databaseDownSince == null
        ? new dev.drrunbooks.service.DatabaseReach(endpoint, true, 3, "connected")
        : new dev.drrunbooks.service.DatabaseReach(
            endpoint, false, 5000, "connect timed out after 5 s");
  }

  void promote(ServiceRef ref, String instanceId) {
    existing(ref);
    promotions.putIfAbsent(ref.region() + "/" + instanceId, now());
    record("rds promote " + ref.region() + "/" + instanceId);
  }

  // --- simulated ARC routing controls: the primary's On, the standby's Off, until switched ---

  Map<String, String> routingStates(ServiceProfile.Failover.RoutingControl config) {
    routing.putIfAbsent(config.primaryControlArn(), "On");
    routing.putIfAbsent(config.standbyControlArn(), "Off");
    Map<String, String> states = new LinkedHashMap<>();
    states.put(config.primaryControlArn(), routing.get(config.primaryControlArn()));
    states.put(config.standbyControlArn(), routing.get(config.standbyControlArn()));
    return states;
  }

  void setRouting(Map<String, String> states) {
    routing.putAll(states);
  }

  // --- the simulated hosted zone: changes reach every Route 53 server after a while -------

  DnsTarget readRecord(String zone, String name) {
    return records.get(zone + "/" + name);
  }

  /** What the record holds before anyone changed it (the profile's primary load balancer). */
  public void seedRecord(String zone, String name, DnsTarget home) {
    records.putIfAbsent(zone + "/" + name, home);
  }

  String upsertRecord(String zone, String name, DnsTarget target) {
    records.put(zone + "/" + name, target);
    record("route53 change " + zone + "/" + name + " -> " + target.oneLine());
    String id = "/change/C" + String.format("%06d", changeSeq.incrementAndGet());
    changes.put(id, now());
    return id;
  }

  String changeStatus(String changeId) {
    Long at = changes.get(changeId);
    if (at == null) {
      throw new IllegalArgumentException("no such change " + changeId);
    }
    return now() >= at + Math.max(1000, deployTime.toMillis() / 3) ? "INSYNC" : "PENDING";
  }

  void updateService(
      ServiceRef ref, String taskDefinition, Integer desiredCount, Integer maximumPercent) {
    updateCalls.incrementAndGet();
    record(
        "ecs update "
            + key(ref)
            + (taskDefinition == null ? "" : " " + taskDefinition)
            + (desiredCount == null ? "" : " desired " + desiredCount));
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
        SimDeployment d =
            new SimDeployment(deployTime, now(), s.nextDeploymentId(), revision, now());
        d.maximumPercent = maximumPercent;
        s.deploy(d);
      }
    }
  }

  void tagTaskDefinition(ServiceRef ref, String taskDefinitionArn, Map<String, String> tags) {
    tagsByArn.computeIfAbsent(taskDefinitionArn, k -> new ConcurrentHashMap<>()).putAll(tags);
  }

  void untagTaskDefinition(ServiceRef ref, String taskDefinitionArn, List<String> keys) {
    Map<String, String> tags = tagsByArn.get(taskDefinitionArn);
    if (tags != null) {
      keys.forEach(tags::remove);
    }
  }

  LogSummary recentErrors(LogQuery query) {
    SimService s = existing(query.service());
    long since = now() - Duration.ofMinutes(query.lookbackMinutes()).toMillis();
    LogGrouping grouping = new LogGrouping();
    synchronized (s) {
      s.logs.stream()
          .filter(l -> l.at() >= since)
          .limit(query.maxEvents())
          .forEach(l -> grouping.add(l.message(), l.stream()));
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

  Instant instant() {
    return clock.instant();
  }

  /**
   * What CloudWatch would hold for the target group: one datapoint per whole period in {@code
   * [from, to)} that has ended, computed second by second from the tasks each deployment ran at the
   * time. So a window still holds the minutes before a rollback until it moves past them.
   */
  List<TrafficDatapoint> traffic(ServiceRef ref, Instant from, Instant to, int periodSeconds) {
    SimService s = existing(ref);
    long periodMillis = Math.max(1, periodSeconds) * 1000L;
    long end = Math.min(to.toEpochMilli(), now());
    List<TrafficDatapoint> points = new ArrayList<>();
    synchronized (s) {
      for (long start = from.toEpochMilli(); start + periodMillis <= end; start += periodMillis) {
        double requests = 0;
        double errors = 0;
        double slow = 0;
        for (long t = start; t < start + periodMillis; t += 1000) {
          double bad = s.badShareAt(t);
          requests += requestsPerSecond;
          errors += requestsPerSecond * (bad * BAD_ERROR_SHARE + (1 - bad) * GOOD_ERROR_SHARE);
          slow += requestsPerSecond * bad;
        }
        if (requests > 0) {
          points.add(
              new TrafficDatapoint(
                  Instant.ofEpochMilli(start),
                  Math.floor(requests),
                  Math.floor(errors),
                  slow / requests > 0.10 ? BAD_P90_MILLIS : GOOD_P90_MILLIS));
        }
      }
    }
    return points;
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
    Long down = outages.get(ref.region());
    if (down != null && down <= now()) {
      throw new IllegalStateException(
          "connect timed out: region " + ref.region() + " does not answer (simulated outage)");
    }
    return services.computeIfAbsent(
        key(ref), k -> fresh("gitee-notion-sync-task", idleCount(ref.region())));
  }

  private static String key(ServiceRef ref) {
    return ref.region() + "/" + ref.cluster() + "/" + ref.service();
  }

  /** A standby region's copy idles with no tasks until a failover starts it. */
  private static int idleCount(String region) {
    return region.contains("standby") ? 0 : 2;
  }

  private SimService service(ServiceRef ref, String family) {
    SimService known = services.get(key(ref));
    if (known != null) {
      synchronized (known) {
        known.family = family;
      }
      return known;
    }
    return services.computeIfAbsent(key(ref), k -> fresh(family, idleCount(ref.region())));
  }

  private SimService fresh(String family, int desired) {
    SimService s = new SimService(family, desired, deployTime, storage);
    SimDeployment initial =
        new SimDeployment(
            deployTime, now(), s.nextDeploymentId(), GOOD_REVISION, now() - deployTime.toMillis());
    initial.visibleFrom = Long.MIN_VALUE;
    s.deploy(initial);
    return s;
  }

  private long now() {
    return clock.millis();
  }

  private static String arn(String family, int revision) {
    return "arn:aws:ecs:sandbox:" + ACCOUNT + ":task-definition/" + family + ":" + revision;
  }
}
