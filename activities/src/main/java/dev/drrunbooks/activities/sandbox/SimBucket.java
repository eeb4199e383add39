package dev.drrunbooks.activities.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A simulated versioned S3 bucket: every put keeps the versions before it. */
final class SimBucket {

  /** A version; null bytes is a delete marker. */
  record Version(String id, byte[] bytes) {}

  final Map<String, List<Version>> objects = new TreeMap<>();

  synchronized void put(String key, byte[] bytes, String version) {
    objects.computeIfAbsent(key, k -> new ArrayList<>()).add(new Version(version, bytes));
  }

  synchronized int purge(String prefix) {
    int n = versionsUnder(prefix);
    objects.keySet().removeIf(k -> k.startsWith(prefix));
    return n;
  }

  synchronized int versionsUnder(String prefix) {
    return objects.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  synchronized Version current(String key) {
    List<Version> v = objects.get(key);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }
}
