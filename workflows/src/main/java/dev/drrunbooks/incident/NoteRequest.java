package dev.drrunbooks.incident;

/**
 * Input of the {@code addNote} update: an observation or decision anyone on the incident records
 * (plan 5.1 step 4). One JSON object, e.g. {@code {"author":"alice","text":"Gitee webhooks paused
 * at 03:05","kind":"NOTE"}}.
 *
 * @param kind {@code NOTE} (default), {@code CAUSE} (goes to the report's cause analysis) or {@code
 *     IMPROVEMENT} (to its improvement items)
 */
public record NoteRequest(String author, String text, Kind kind, String via) {

  public enum Kind {
    NOTE,
    CAUSE,
    IMPROVEMENT
  }

  public NoteRequest(String author, String text) {
    this(author, text, Kind.NOTE, null);
  }

  public Kind kindOrDefault() {
    return kind == null ? Kind.NOTE : kind;
  }

  /** Rejects a note without author or text, or too long, before anything is recorded. */
  public static void check(NoteRequest request) {
    if (request == null || request.author() == null || request.author().isBlank()) {
      throw new IllegalArgumentException(
          "a note needs its author, e.g. {\"author\":\"alice\",\"text\":\"...\"}");
    }
    if (request.text() == null || request.text().isBlank()) {
      throw new IllegalArgumentException("a note needs text");
    }
    if (request.text().length() > 2000 || request.author().length() > 100) {
      throw new IllegalArgumentException(
          "a note is at most 2000 characters, its author at most 100");
    }
  }
}
