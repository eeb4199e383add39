package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Databases;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceRef;

/** The sandbox's read replica: a promotion takes as long as a deployment. */
final class SandboxDatabases implements Databases {

  private final SandboxWorld world;

  SandboxDatabases(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public ReplicaState replica(ServiceRef ref, String instanceId) {
    return world.network().replica(ref, instanceId);
  }

  @Override
  public dev.drrunbooks.service.DatabaseReach reach(ServiceRef ref, String host, int port) {
    return world.network().reachDatabase(ref, host, port);
  }

  @Override
  public dev.drrunbooks.service.InstanceState instance(ServiceRef ref, String instanceId) {
    return world.storage().instance(instanceId);
  }

  @Override
  public void restoreToPointInTime(
      ServiceRef ref,
      String source,
      String target,
      java.time.Instant time,
      dev.drrunbooks.profile.RestorePlacement placement) {
    world.storage().restore(source, target);
  }

  @Override
  public dev.drrunbooks.service.SnapshotState newestSnapshot(ServiceRef ref, String instanceId) {
    return world.storage().newestSnapshot(instanceId);
  }

  @Override
  public void restoreFromSnapshot(
      ServiceRef ref,
      String snapshotId,
      String target,
      String source,
      dev.drrunbooks.profile.RestorePlacement placement) {
    world.storage().restoreSnapshot(snapshotId, target);
  }

  @Override
  public void promote(ServiceRef ref, String instanceId) {
    world.network().promote(ref, instanceId);
  }
}
