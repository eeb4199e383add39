package dev.drrunbooks.service;

/**
 * Tag {@code family:revision} with {@code tag=true}, so no later rollback picks it as "last known
 * stable" (ECS TagResource on the task definition).
 */
public record MarkRevisionCommand(ServiceRef service, String family, int revision, String tag) {}
