package dev.drrunbooks.backup;

import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.ServiceRef;
import java.time.Instant;
import java.util.List;

/**
 * Write one backup set. Idempotent: when {@code <setId>/manifest.json} already exists the set is
 * returned as it is, and every object key is derived from the set id, so a retry overwrites nothing
 * that differs.
 *
 * @param kind {@link BackupManifest#FULL} or {@link BackupManifest#INCREMENTAL}
 * @param previousSet for an incremental set: objects whose SHA-256 equals this set's are
 *     referenced, not copied; null copies everything
 * @param database the database whose {@code tables} a full set exports, or null
 */
public record TakeBackupCommand(
    BackupLocation location,
    ServiceRef service,
    String setId,
    String kind,
    Instant takenAt,
    List<BackupSource> sources,
    String previousSet,
    DatabaseTarget database,
    List<String> tables,
    String takenBy) {}
