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
}
