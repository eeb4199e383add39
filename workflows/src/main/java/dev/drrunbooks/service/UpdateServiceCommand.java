package dev.drrunbooks.service;

/**
 * Point the service at {@code family:revision} (plan 5.2.1: {@code aws ecs update-service
 * --task-definition gitee-notion-sync-task:PREVIOUS_VERSION}).
 */
public record UpdateServiceCommand(ServiceRef service, String family, int revision) {}
