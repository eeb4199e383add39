package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only checks of the service's database (plan 3.2): connection, credentials, the instance. */
@ActivityInterface
public interface DatabaseChecks {

  /**
   * The connection configuration: does the host resolve, does the port accept a TCP connection. An
   * unreachable database is the answer, not an error.
   */
  @ActivityMethod(name = "CheckDatabaseConnection")
  DatabaseReach checkConnection(DatabaseEndpoint endpoint);

  /** Log in with the secret's credentials, compare the service's env file; see the query. */
  @ActivityMethod(name = "VerifyDatabaseCredentials")
  CredentialCheck verifyCredentials(CredentialQuery query);

  /** RDS DescribeDBInstances; an absent instance is {@code exists=false}, not an error. */
  @ActivityMethod(name = "DescribeDatabaseInstance")
  InstanceState describeInstance(InstanceQuery query);

  /**
   * RDS DescribeDBSnapshots of the instance (automated and manual): the newest available one, or
   * null when there is none. For an instance that is gone.
   */
  @ActivityMethod(name = "FindNewestDatabaseSnapshot")
  SnapshotState newestSnapshot(InstanceQuery query);
}
