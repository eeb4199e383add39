package dev.drrunbooks.backup;

/** One set of a bucket. */
public record SetQuery(BackupLocation location, String setId) {}
