package dev.drrunbooks.service;

/**
 * Start a service with this many tasks and a fresh deployment (the plan's {@code aws ecs
 * update-service --force-new-deployment} in the standby region). Reads first: a service already
 * asked for this count is left alone, so a retry never starts a second deployment.
 */
public record StartServiceCommand(ServiceRef service, int desiredCount) {}
