package dev.drrunbooks.activities.platform;

import dev.drrunbooks.service.LogSummary;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups error log lines by their text with numbers, ids and timestamps masked, so a thousand
 * copies of one failure read as one line with a count.
 */
public final class LogGrouping {

  private static final int MAX_PATTERNS = 5;
  private static final int MAX_MESSAGE = 200;

  private final Map<String, LogSummary.Pattern> byKey = new LinkedHashMap<>();
  private int total;

  public void add(String message, String stream) {
    total++;
    String text = message == null ? "" : message.strip();
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE) + "…";
    }
    String key = text.replaceAll("[0-9a-fA-F]{8,}", "#").replaceAll("\\d+", "#");
    String shown = text;
    byKey.merge(
        key,
        new LogSummary.Pattern(shown, 1, stream),
        (a, b) -> new LogSummary.Pattern(a.message(), a.count() + 1, a.firstStream()));
  }

  public LogSummary summary(boolean truncated) {
    List<LogSummary.Pattern> top =
        byKey.values().stream()
            .sorted(Comparator.comparingInt(LogSummary.Pattern::count).reversed())
            .limit(MAX_PATTERNS)
            .toList();
    return new LogSummary(total, truncated, top);
  }
}
