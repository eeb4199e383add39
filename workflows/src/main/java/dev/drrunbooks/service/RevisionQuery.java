package dev.drrunbooks.service;

/**
 * Which task-definition revision to roll back to. With {@code requestedRevision} the activity only
 * checks that it exists and is ACTIVE; without it, it picks the newest ACTIVE revision older than
 * {@code currentRevision} that is not tagged {@code knownBadTag=true}.
 */
public record RevisionQuery(
    ServiceRef service,
    String family,
    int currentRevision,
    Integer requestedRevision,
    String knownBadTag) {}
