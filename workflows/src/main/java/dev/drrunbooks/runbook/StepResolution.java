package dev.drrunbooks.runbook;

import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import java.time.Instant;

/** A recorded operator decision on a failed step. */
public record StepResolution(
    String step, Action action, String actor, String comment, Instant at) {}
