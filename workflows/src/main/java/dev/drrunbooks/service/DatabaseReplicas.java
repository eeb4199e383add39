package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The standby region's read replica of the service's database (RDS). Promotion is one-way: it
 * always sits behind its own gate.
 */
@ActivityInterface
public interface DatabaseReplicas {

  /** No such instance in that region. */
  String INSTANCE_NOT_FOUND = "DbInstanceNotFound";

  /** RDS DescribeDBInstances, and the latest ReplicaLag from CloudWatch. */
  @ActivityMethod(name = "DescribeReplica")
  ReplicaState describeReplica(ReplicaQuery query);

  /** Opens (and closes) a TCP connection to the database: reachability, no login. */
  @ActivityMethod(name = "ProbeDatabase")
  DatabaseReach probeDatabase(DatabaseEndpoint endpoint);

  /** RDS PromoteReadReplica, unless the instance is already standalone. */
  @ActivityMethod(name = "PromoteReplica")
  ServiceChange promoteReplica(ReplicaQuery query);
}
