package dev.drrunbooks.incident;

import java.time.Instant;

/**
 * Who chose which recovery, when and why; {@code policy} when the profile let it start by itself.
 */
public record IncidentDecision(
    int round, String procedure, String actor, String comment, Instant at, String via) {}
