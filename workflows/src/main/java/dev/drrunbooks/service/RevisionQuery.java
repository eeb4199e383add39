package dev.drrunbooks.service;

/**
 * Which task-definition revision to roll back to. Without {@code requestedRevision} the activity
 * picks the newest ACTIVE revision older than {@code currentRevision} that is not tagged {@code
 * knownBadTag=true}. With it, the revision must exist and be ACTIVE (ECS cannot deploy an INACTIVE
 * one, forced or not); one tagged known-bad, newer than the current one (a roll forward) or of
 * another family ({@code requestedFamily}) is refused unless {@code force} gives a reason.
 */
public record RevisionQuery(
    ServiceRef service,
    String family,
    int currentRevision,
    Integer requestedRevision,
    String knownBadTag,
    String requestedFamily,
    String force) {

  /** A query without family or force, as runs recorded before they existed. */
  public RevisionQuery(
      ServiceRef service,
      String family,
      int currentRevision,
      Integer requestedRevision,
      String knownBadTag) {
    this(service, family, currentRevision, requestedRevision, knownBadTag, null, null);
  }
}
