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
}
