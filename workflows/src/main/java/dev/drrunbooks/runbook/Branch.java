package dev.drrunbooks.runbook;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One branch of {@link Runbook#parallel}, or a step started in the background with {@link
 * Runbook#start}: a line of the checklist with its own action.
 */
public record Branch<T>(
    String stepId,
    Supplier<T> action,
    Function<T, String> describe,
    Function<T, Map<String, String>> evidence) {

  public static <T> Branch<T> of(String stepId, Supplier<T> action, Function<T, String> describe) {
    return new Branch<>(stepId, action, describe, r -> Map.of());
  }

  /** A branch whose result also leaves evidence on its checklist line. */
  public static <T> Branch<T> of(
      String stepId,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    return new Branch<>(stepId, action, describe, evidence);
  }
}
