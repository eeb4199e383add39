package dev.drrunbooks.text;

/** Short human durations for checklists: {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
public final class Durations {

  public static String format(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  private Durations() {}
}
