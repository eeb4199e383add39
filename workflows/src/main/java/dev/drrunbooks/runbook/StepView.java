package dev.drrunbooks.runbook;

import java.time.Instant;

/** One line of the checklist shown by {@code progress()}, the CLI and the Temporal UI. */
public record StepView(
    String id,
    String title,
    StepStatus status,
    Instant startedAt,
    Instant endedAt,
    int attempts,
    String detail) {}
