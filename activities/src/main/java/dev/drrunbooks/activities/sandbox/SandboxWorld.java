package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ServiceRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
  static final String IMAGE_REPOSITORY =
      "000000000000.dkr.ecr.sandbox.amazonaws.com/gitee-notion-sync";

  /** Share of a bad revision's requests answered with a 5xx, and of a good one's. */
  private volatile double requestsPerSecond = 20;

  private final Clock clock;
  final Duration deployTime;
  private final Map<String, SimService> services = new ConcurrentHashMap<>();
  final AtomicInteger updateCalls = new AtomicInteger();
  final Map<String, Map<String, String>> tagsByArn = new ConcurrentHashMap<>();
  final Map<String, Long> outages = new ConcurrentHashMap<>();
  volatile Long databaseDownSince;

  public SandboxWorld(Clock clock, Duration deployTime) {
    this.clock = clock;
    this.deployTime = deployTime;
    this.createdAt = clock.millis();
    this.storage = new SandboxStorage(clock, deployTime, this::record);
    this.ecs = new SandboxEcsServices(this);
    this.network = new SimNetwork(this);
  }

  private final SandboxEcsServices ecs;
  private final SimNetwork network;

  private final List<String> mutations = java.util.Collections.synchronizedList(new ArrayList<>());

  void record(String mutation) {
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

  final SandboxStorage storage;

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
    network.clear();
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
        ecs.tagTaskDefinition(ref, arn(family, revision), Map.of("dr-runbooks/known-bad", "true"));
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
    DnsTarget name = q.zone() == null ? null : network.readRecord(q.zone(), q.recordName());
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

  double requestsPerSecond() {
    return requestsPerSecond;
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

  /** The simulated hosted zone, routing controls and read replica. */
  SimNetwork network() {
    return network;
  }

  /** What the record holds before anyone changed it (the profile's primary load balancer). */
  public void seedRecord(String zone, String name, DnsTarget home) {
    network.seedRecord(zone, name, home);
  }

  /** The simulated ECS: what its capability sees and does. */
  SandboxEcsServices ecs() {
    return ecs;
  }

  /** The sandbox implementation of every capability, all over this one world. */
  public Capabilities.Set capabilities() {
    return new Capabilities.Set(
        ecs,
        new SandboxLogSearch(this),
        new SandboxHealthSignals(this),
        new SandboxDnsZone(this),
        new SandboxDatabases(this),
        new SandboxRoutingControls(this),
        storage,
        storage,
        storage);
  }

  // --- the simulation ------------------------------------------------------------------------

  /**
   * The simulated service, created healthy on first use; its family is the plan's until told
   * otherwise.
   */
  SimService existing(ServiceRef ref) {
    Long down = outages.get(ref.region());
    if (down != null && down <= now()) {
      throw new IllegalStateException(
          "connect timed out: region " + ref.region() + " does not answer (simulated outage)");
    }
    return services.computeIfAbsent(
        key(ref), k -> fresh("gitee-notion-sync-task", idleCount(ref.region())));
  }

  static String key(ServiceRef ref) {
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

  long now() {
    return clock.millis();
  }

  static String arn(String family, int revision) {
    return "arn:aws:ecs:sandbox:" + ACCOUNT + ":task-definition/" + family + ":" + revision;
  }
}
