package dev.drrunbooks.activities.platform;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.ReplicaQuery;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standby's read replica, through the database capability of its region. */
public final class DatabaseReplicasImpl implements DatabaseReplicas {

  private static final Logger log = LoggerFactory.getLogger(DatabaseReplicasImpl.class);

  private final Capabilities capabilities;

  public DatabaseReplicasImpl(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public ReplicaState describeReplica(ReplicaQuery query) {
    return capabilities.databases(query.ref()).replica(query.ref(), query.instanceId());
  }

  @Override
  public dev.drrunbooks.service.DatabaseReach probeDatabase(
      dev.drrunbooks.service.DatabaseEndpoint endpoint) {
    return capabilities
        .databases(endpoint.service())
        .reach(endpoint.service(), endpoint.host(), endpoint.port());
  }

  /** Reads first: a replica already promoted (a retry after a lost answer) is left alone. */
  @Override
  public ServiceChange promoteReplica(ReplicaQuery query) {
    ReplicaState before = describeReplica(query);
    if (before.promoted()) {
      return new ServiceChange(
          false, before.oneLine(), before.oneLine(), "already standalone: nothing to promote");
    }
    log.info(
        "PromoteReadReplica {} in {} ({})",
        query.instanceId(),
        query.ref().region(),
        before.oneLine());
    capabilities.databases(query.ref()).promote(query.ref(), query.instanceId());
    return new ServiceChange(
        true, before.oneLine(), query.instanceId() + " promoting", "promotion started");
  }
}
