package dev.drrunbooks.service;

/** Set the desired task count (plan 9.1: {@code aws ecs update-service --desired-count N}). */
public record ScaleServiceCommand(ServiceRef service, int desiredCount) {}
