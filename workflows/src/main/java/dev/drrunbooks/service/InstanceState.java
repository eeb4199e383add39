package dev.drrunbooks.service;

import java.time.Instant;

/**
 * RDS DescribeDBInstances for one instance: status, endpoint, and the latest time a point-in-time
 * restore can reach (the real-time backup's freshness). {@code exists} false when RDS does not know
 * it.
 */
public record InstanceState(
    String instanceId,
    boolean exists,
    String status,
    String endpoint,
    Integer port,
    Instant latestRestorableTime,
    boolean backupsEnabled) {

  public boolean available() {
    return exists && "available".equals(status);
  }

  public String oneLine() {
    if (!exists) {
      return instanceId + " does not exist";
    }
    return instanceId
        + " "
        + status
        + (endpoint == null ? "" : " at " + endpoint + ":" + port)
        + (latestRestorableTime == null
            ? (backupsEnabled ? "" : ", automated backups off")
            : ", restorable to " + latestRestorableTime);
  }
}
