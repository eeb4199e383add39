package dev.drrunbooks.backup;

import java.time.Instant;

/**
 * Delete sets beyond the retention policy: keep the newest {@code keepSets}, and any set younger
 * than {@code keepDays} days before {@code now}; never a set an incremental set still references,
 * never the one {@code latest/} points at. Deleting leaves delete markers in a versioned bucket.
 */
public record PruneCommand(BackupLocation location, int keepSets, int keepDays, Instant now) {}
