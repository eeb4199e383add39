package dev.drrunbooks.service;

import java.util.List;

/** The revision chosen for rollback, and why. */
public record StableRevision(
    int revision, String taskDefinitionArn, String reason, List<Integer> skipped) {}
