package dev.drrunbooks.runbook;

/**
 * A recovery someone started by hand while an incident was open on its service; the incident
 * records it on its timeline, and the recovery is refused.
 */
public record RecoveryAttempt(String procedure, String workflowId, String requestedBy) {}
