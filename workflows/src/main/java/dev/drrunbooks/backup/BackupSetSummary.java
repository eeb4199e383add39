package dev.drrunbooks.backup;

import java.time.Instant;

/** A set found in the bucket, before its manifest is read: its id is the time it was taken. */
public record BackupSetSummary(String setId, Instant takenAt) {}
