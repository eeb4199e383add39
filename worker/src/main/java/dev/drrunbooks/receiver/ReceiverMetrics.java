package dev.drrunbooks.receiver;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the receiver did: requests by answer, alerts by action, and the alert-to-start latency (from
 * the request's arrival to the server's acknowledgement of the incident's signal-with-start), as
 * served at {@code GET /metrics}.
 */
public final class ReceiverMetrics {

  private static final int WINDOW = 1024;

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final long[] latenciesMicros = new long[WINDOW];
  private long recorded;

  void count(String name) {
    counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
  }

  synchronized void alertToStart(long micros) {
    latenciesMicros[(int) (recorded++ % WINDOW)] = micros;
  }

  /** Counters, and the latency's p50, p95 and max over the last 1024 starts, in milliseconds. */
  public synchronized Map<String, Object> snapshot() {
    Map<String, Object> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    int n = (int) Math.min(recorded, WINDOW);
    if (n > 0) {
      long[] sorted = Arrays.copyOf(latenciesMicros, n);
      Arrays.sort(sorted);
      out.put("alertToStartMillisP50", sorted[(n - 1) / 2] / 1000.0);
      out.put("alertToStartMillisP95", sorted[(int) Math.ceil(n * 0.95) - 1] / 1000.0);
      out.put("alertToStartMillisMax", sorted[n - 1] / 1000.0);
      out.put("alertToStartSamples", n);
    }
    return out;
  }
}
