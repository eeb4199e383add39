package dev.drrunbooks.service;

import java.util.List;

/** Error log events grouped by message, most frequent first; the cause is usually on top. */
public record LogSummary(int matchedEvents, boolean truncated, List<Pattern> patterns) {

  public record Pattern(String message, int count, String firstStream) {}

  public String oneLine() {
    if (matchedEvents == 0) {
      return "no error events";
    }
    String top =
        patterns.isEmpty()
            ? ""
            : "; top: \"" + patterns.get(0).message() + "\" x" + patterns.get(0).count();
    return matchedEvents + (truncated ? "+" : "") + " error events" + top;
  }
}
