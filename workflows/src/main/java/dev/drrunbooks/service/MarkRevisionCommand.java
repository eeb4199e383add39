package dev.drrunbooks.service;

/**
 * Tag {@code family:revision} with {@code tag=true}, so no later rollback picks it as "last known
 * stable" (ECS TagResource on the task definition), or remove that tag again. Who did it and why go
 * into two more tags, {@code tag-by} and {@code tag-reason}.
 */
public record MarkRevisionCommand(
    ServiceRef service, String family, int revision, String tag, String actor, String reason) {

  /** A mark without actor or reason, as runs recorded before they were kept. */
  public MarkRevisionCommand(ServiceRef service, String family, int revision, String tag) {
    this(service, family, revision, tag, null, null);
  }
}
