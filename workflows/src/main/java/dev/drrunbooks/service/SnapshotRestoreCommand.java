package dev.drrunbooks.service;

import dev.drrunbooks.profile.RestorePlacement;

/**
 * RDS RestoreDBInstanceFromDBSnapshot of {@code snapshotId} into the new instance {@code
 * targetInstanceId}. Idempotent by the target's name, as a point-in-time restore is: when it exists
 * already, it is described, not created. It lands with the network and shape of {@code
 * sourceInstanceId} while that exists, the profile's {@code placement} winning; when the source is
 * gone, the profile must name the network.
 */
public record SnapshotRestoreCommand(
    ServiceRef ref,
    String snapshotId,
    String targetInstanceId,
    String sourceInstanceId,
    RestorePlacement placement) {}
