package dev.drrunbooks.runbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies of maps whose order is the same on every worker. {@code Map.of} and {@code
 * Map.copyOf} iterate in an order salted per JVM: facts, evidence and labels copied with them came
 * out in another order on another worker, so a run's report and checklist differed with the worker
 * that replayed it. A map whose order was chosen (a {@code LinkedHashMap}, a sorted map) keeps it;
 * any other is sorted by key.
 */
public final class Ordered {

  private Ordered() {}

  public static <V> Map<String, V> copy(Map<String, V> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy =
        map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?>
            ? new LinkedHashMap<>(map)
            : new LinkedHashMap<>(new TreeMap<>(map));
    return Collections.unmodifiableMap(copy);
  }
}
