package dev.drrunbooks.service;

import dev.drrunbooks.text.Durations;

/**
 * A database instance that is, or was, a read replica.
 *
 * @param status RDS's instance status ({@code available}, {@code modifying}, ...)
 * @param source the instance it replicates; null once promoted (a standalone instance)
 * @param lagSeconds the latest ReplicaLag: how far behind its source it is, the data a failover to
 *     it would lose; null when there is no recent datapoint (or it is no replica)
 */
public record ReplicaState(String instanceId, String status, String source, Long lagSeconds) {

  public boolean promoted() {
    return source == null;
  }

  public boolean available() {
    return "available".equals(status);
  }

  public String oneLine() {
    return instanceId
        + " "
        + status
        + (source == null ? ", standalone (promoted)" : ", replica of " + source)
        + (lagSeconds == null ? "" : ", lag " + Durations.format(lagSeconds));
  }
}
