package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceRef;

/** RDS instances in one region: the standby's read replica. */
public interface Databases {

  /** DescribeDBInstances and the latest ReplicaLag; {@code DbInstanceNotFound} when absent. */
  ReplicaState replica(ServiceRef ref, String instanceId);

  /**
   * Opens a TCP connection to the database and closes it: reachable or not, with what the attempt
   * said. Never throws for an unreachable database; that is the answer.
   */
  dev.drrunbooks.service.DatabaseReach reach(ServiceRef ref, String host, int port);

  /** PromoteReadReplica. */
  void promote(ServiceRef ref, String instanceId);

  /** DescribeDBInstances; {@code exists=false} when RDS does not know the instance. */
  dev.drrunbooks.service.InstanceState instance(ServiceRef ref, String instanceId);

  /**
   * RestoreDBInstanceToPointInTime of {@code source} into {@code target} ({@code time} null: the
   * latest restorable time), in the source's network and shape with {@code placement}'s values
   * winning; {@code RestoreRefused} when RDS refuses. The caller checks first that {@code target}
   * does not exist.
   */
  void restoreToPointInTime(
      ServiceRef ref,
      String source,
      String target,
      java.time.Instant time,
      dev.drrunbooks.profile.RestorePlacement placement);

  /** DescribeDBSnapshots of the instance: the newest available snapshot, or null. */
  dev.drrunbooks.service.SnapshotState newestSnapshot(ServiceRef ref, String instanceId);

  /**
   * RestoreDBInstanceFromDBSnapshot into {@code target}, in the network and shape of {@code source}
   * while it exists, {@code placement}'s values winning; {@code RestoreRefused} when RDS refuses or
   * nothing names the network. The caller checks first that {@code target} does not exist.
   */
  void restoreFromSnapshot(
      ServiceRef ref,
      String snapshotId,
      String target,
      String source,
      dev.drrunbooks.profile.RestorePlacement placement);
}
