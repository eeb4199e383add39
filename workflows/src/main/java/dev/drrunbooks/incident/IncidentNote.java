package dev.drrunbooks.incident;

import java.time.Instant;

/** A note as recorded: who, when, what kind. */
public record IncidentNote(String author, NoteRequest.Kind kind, String text, Instant at) {}
