package dev.drrunbooks.service;

/**
 * RDS RestoreDBInstanceFromDBSnapshot of {@code snapshotId} into the new instance {@code
 * targetInstanceId}. Idempotent by the target's name, as a point-in-time restore is: when it exists
 * already, it is described, not created.
 */
public record SnapshotRestoreCommand(ServiceRef ref, String snapshotId, String targetInstanceId) {}
