package dev.drrunbooks.receiver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the receiver did: requests by answer, alerts by action, and the alert-to-start latency (from
 * the request's arrival to the incident's answer to its update-with-start). Served twice: as
 * Prometheus text at {@code GET /metrics/prometheus} ({@code
 * runbook_receiver_requests_total{status}}, {@code runbook_receiver_alerts_total{action}}, {@code
 * runbook_receiver_alert_to_start_seconds} with p50/p95/p99 and histogram buckets), and as a short
 * JSON summary at {@code GET /metrics}.
 */
public final class ReceiverMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer alertToStart =
      Timer.builder("runbook.receiver.alert.to.start")
          .description("From an alert's arrival to its incident's start (or join) acknowledged")
          .publishPercentiles(0.5, 0.95, 0.99)
          .publishPercentileHistogram()
          .register(registry);
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Counter> meters = new ConcurrentHashMap<>();

  /** {@code requests.<status>} or {@code alerts.<action>}. */
  void count(String name) {
    counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    meters.computeIfAbsent(name, this::meter).increment();
  }

  private Counter meter(String name) {
    int dot = name.indexOf('.');
    String kind = dot < 0 ? name : name.substring(0, dot);
    String value = dot < 0 ? "" : name.substring(dot + 1);
    return "requests".equals(kind)
        ? Counter.builder("runbook.receiver.requests")
            .description("Requests answered, by HTTP status")
            .tag("status", value)
            .register(registry)
        : Counter.builder("runbook.receiver." + kind)
            .description("Alerts taken, by what was done with them")
            .tag("action", value)
            .register(registry);
  }

  void alertToStart(long micros) {
    alertToStart.record(micros, TimeUnit.MICROSECONDS);
  }

  /** The registry's metrics in Prometheus's text exposition format. */
  public String prometheus() {
    return registry.scrape();
  }

  /**
   * Counters, and the latency's p50, p95 and max in milliseconds over the last couple of minutes
   * (Micrometer's decaying window), with the number of starts measured since the receiver began.
   */
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    var latency = alertToStart.takeSnapshot();
    if (latency.count() > 0) {
      for (var p : latency.percentileValues()) {
        if (p.percentile() == 0.5 || p.percentile() == 0.95) {
          out.put(
              "alertToStartMillisP" + Math.round(p.percentile() * 100),
              p.value(TimeUnit.MILLISECONDS));
        }
      }
      out.put("alertToStartMillisMax", latency.max(TimeUnit.MILLISECONDS));
      out.put("alertToStartSamples", latency.count());
    }
    return out;
  }
}
