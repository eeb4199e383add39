package dev.drrunbooks.service;

/** A cross-region read replica: the RDS instance {@code instanceId} where {@code ref} runs. */
public record ReplicaQuery(ServiceRef ref, String instanceId) {}
