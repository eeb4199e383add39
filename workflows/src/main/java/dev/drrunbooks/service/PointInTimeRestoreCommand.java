package dev.drrunbooks.service;

import dev.drrunbooks.profile.RestorePlacement;
import java.time.Instant;

/**
 * RDS RestoreDBInstanceToPointInTime of {@code source} into the new instance {@code target}, to
 * {@code restoreTime} (null: the latest restorable time). Idempotent by the target's name, which
 * the workflow derives from its own id: when it exists already, it is described, not created. It
 * lands with the source's network and shape, the profile's {@code placement} winning.
 */
public record PointInTimeRestoreCommand(
    ServiceRef ref,
    String sourceInstanceId,
    String targetInstanceId,
    Instant restoreTime,
    RestorePlacement placement) {}
