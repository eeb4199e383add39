package dev.drrunbooks.service;

import java.time.Instant;

/**
 * An RDS snapshot of an instance (DescribeDBSnapshots): what a restore falls back on when the
 * instance itself is gone and no point-in-time restore is possible.
 *
 * @param type {@code automated} or {@code manual}
 * @param createdAt when the snapshot was taken: the age of the data it holds
 */
public record SnapshotState(
    String snapshotId, String instanceId, String status, String type, Instant createdAt) {

  public String oneLine() {
    return type + " snapshot " + snapshotId + " of " + instanceId + ", taken " + createdAt;
  }
}
