package dev.drrunbooks.starter;

import java.time.Instant;

/** One run as the server lists it. */
public record RunSummary(
    String workflowId,
    String runId,
    String type,
    String status,
    Instant started,
    Instant closed,
    String service) {}
