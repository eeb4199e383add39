package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceRef;

/** RDS instances in one region: the standby's read replica. */
public interface Databases {

  /** DescribeDBInstances and the latest ReplicaLag; {@code DbInstanceNotFound} when absent. */
  ReplicaState replica(ServiceRef ref, String instanceId);

  /** PromoteReadReplica. */
  void promote(ServiceRef ref, String instanceId);
}
