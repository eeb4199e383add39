package dev.drrunbooks.service;

/** An RDS instance where {@code ref} runs. */
public record InstanceQuery(ServiceRef ref, String instanceId) {}
