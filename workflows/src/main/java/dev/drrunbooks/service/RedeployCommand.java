package dev.drrunbooks.service;

/**
 * ECS UpdateService with forceNewDeployment, so tasks re-read their env and config files. {@code
 * previousDeploymentId} is the primary deployment seen before: when it is no longer primary the
 * redeploy already happened, and a retry does not start another.
 */
public record RedeployCommand(ServiceRef service, String previousDeploymentId) {}
