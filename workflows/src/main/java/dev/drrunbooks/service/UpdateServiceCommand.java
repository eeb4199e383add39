package dev.drrunbooks.service;

/**
 * Point the service at {@code family:revision} (plan 5.2.1: {@code aws ecs update-service
 * --task-definition gitee-notion-sync-task:PREVIOUS_VERSION}).
 *
 * @param maximumPercent for a gradual rollback: the deployment's maximum percent, so ECS starts one
 *     batch of new tasks at a time (minimum healthy percent 100: an old task stops only when a new
 *     one is healthy); null leaves the service's deployment configuration as it is
 */
public record UpdateServiceCommand(
    ServiceRef service, String family, int revision, Integer maximumPercent) {

  /** All at once, with the service's own deployment configuration. */
  public UpdateServiceCommand(ServiceRef service, String family, int revision) {
    this(service, family, revision, null);
  }
}
