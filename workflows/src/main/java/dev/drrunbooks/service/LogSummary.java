package dev.drrunbooks.service;

import java.util.List;

/** Error log events grouped by message, most frequent first; the cause is usually on top. */
public record LogSummary(int matchedEvents, boolean truncated, List<Pattern> patterns) {

  public record Pattern(String message, int count, String firstStream) {}

  /** Counts and the most frequent message, for the step's evidence. */
  public java.util.Map<String, String> evidence() {
    java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("errorEvents", matchedEvents + (truncated ? "+" : ""));
    if (patterns != null && !patterns.isEmpty()) {
      facts.put("topMessage", patterns.get(0).message());
      facts.put("topCount", String.valueOf(patterns.get(0).count()));
    }
    return facts;
  }

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
