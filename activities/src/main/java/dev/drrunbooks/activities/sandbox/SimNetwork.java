package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's network and data plumbing around the service: the hosted zone (a change reaches
 * every Route 53 server after a while), ARC routing controls, and the cross-region read replica (it
 * falls behind while its source's region is down).
 */
final class SimNetwork {

  private final SandboxWorld world;
  private final Map<String, DnsTarget> records = new ConcurrentHashMap<>();
  private final Map<String, Long> changes = new ConcurrentHashMap<>();
  private final Map<String, Long> promotions = new ConcurrentHashMap<>();
  private final Map<String, String> routing = new ConcurrentHashMap<>();
  private final AtomicInteger changeSeq = new AtomicInteger();

  SimNetwork(SandboxWorld world) {
    this.world = world;
  }

  /** Back to the start: the record at its home, no promotion, the controls at their default. */
  void clear() {
    records.clear();
    promotions.clear();
    routing.clear();
  }

  // --- the simulated read replica: it falls behind while its source's region is down --------

  ReplicaState replica(ServiceRef ref, String instanceId) {
    world.existing(ref); // a region that does not answer does not answer for its database either
    Long promoting = promotions.get(ref.region() + "/" + instanceId);
    if (promoting != null) {
      boolean done = world.now() >= promoting + world.deployTime.toMillis();
      return new ReplicaState(
          instanceId, done ? "available" : "modifying", done ? null : "gitee-notion-sync-db", null);
    }
    long lag = 2;
    for (long since : world.outages.values()) {
      lag = Math.max(lag, (world.now() - since) / 1000);
    }
    return new ReplicaState(instanceId, "available", "gitee-notion-sync-db", lag);
  }

  dev.drrunbooks.service.DatabaseReach reachDatabase(ServiceRef ref, String host, int port) {
    world.existing(ref); // from a region that does not answer, nothing is probed
    String endpoint = host + ":" + port;
    if (SandboxStorage.HOST.equals(host) || host.endsWith(".sandbox.invalid")) {
      return world.storage.reach(host, port);
    }
    return world.databaseDownSince == null
        ? new dev.drrunbooks.service.DatabaseReach(endpoint, true, 3, "connected")
        : new dev.drrunbooks.service.DatabaseReach(
            endpoint, false, 5000, "connect timed out after 5 s");
  }

  void promote(ServiceRef ref, String instanceId) {
    world.existing(ref);
    promotions.putIfAbsent(ref.region() + "/" + instanceId, world.now());
    world.record("rds promote " + ref.region() + "/" + instanceId);
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
  void seedRecord(String zone, String name, DnsTarget home) {
    records.putIfAbsent(zone + "/" + name, home);
  }

  String upsertRecord(String zone, String name, DnsTarget target) {
    records.put(zone + "/" + name, target);
    world.record("route53 change " + zone + "/" + name + " -> " + target.oneLine());
    String id = "/change/C" + String.format("%06d", changeSeq.incrementAndGet());
    changes.put(id, world.now());
    return id;
  }

  String changeStatus(String changeId) {
    Long at = changes.get(changeId);
    if (at == null) {
      throw new IllegalArgumentException("no such change " + changeId);
    }
    return world.now() >= at + Math.max(1000, world.deployTime.toMillis() / 3)
        ? "INSYNC"
        : "PENDING";
  }
}
