package dev.drrunbooks.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker's metrics: Temporal's SDK metrics (polls, task latencies, schedule-to-start, slots in
 * use) and the runbooks' own ({@code runbook_runs}, {@code runbook_recovery_time}, {@code
 * runbook_gate_wait}, {@code runbook_step_failures}, emitted by the workflows through the same
 * scope) and the JVM's (heap, threads, CPU) in one Micrometer registry, served in Prometheus's
 * format on {@code runbook.metrics.port} ({@code GET /metrics}; {@code /-/healthy} answers while
 * the process lives).
 */
@Configuration(proxyBeanMethods = false)
class WorkerMetrics {

  private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);

  /** How often the SDK's counters are handed to Micrometer; a scrape sees at most this lag. */
  static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  @Bean(destroyMethod = "close")
  PrometheusMeterRegistry prometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(RUNBOOK_METERS);
    // The JVM's own: heap and GC pauses say whether a worker is near its limits (runbook bench
    // reads the heap from here too).
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** What each of the runbooks' own metrics counts: Prometheus's HELP line. */
  static final java.util.Map<String, String> HELP =
      java.util.Map.of(
          "runbook_runs",
          "Runs of a runbook that ended, by procedure, status and dry run.",
          "runbook_recovery_time",
          "Achieved RTO of completed real runs: from detection (else the run's start) to the end.",
          "runbook_gate_wait",
          "How long an approval gate waited for its decision, by gate and decision.",
          "runbook_step_failures",
          "Steps that failed after their retries, by step and failure type.");

  /**
   * Tags the SDK puts on every metric of a workflow's scope and fills with "none" where they do not
   * apply (activity, operation, query, signal, status code, exception, worker type): on the
   * runbooks' own metrics they never apply, and only make every series longer.
   */
  static final java.util.Set<String> SDK_ONLY_TAGS =
      java.util.Set.of(
          "activity_type",
          "exception",
          "operation",
          "query_type",
          "signal_name",
          "status_code",
          "worker_type");

  /** The runbooks' own metrics with their HELP text and without the SDK's "none" tags. */
  static final io.micrometer.core.instrument.config.MeterFilter RUNBOOK_METERS =
      new io.micrometer.core.instrument.config.MeterFilter() {
        @Override
        public io.micrometer.core.instrument.Meter.Id map(
            io.micrometer.core.instrument.Meter.Id id) {
          if (!id.getName().startsWith("runbook_")) {
            return id;
          }
          return new io.micrometer.core.instrument.Meter.Id(
              id.getName(),
              io.micrometer.core.instrument.Tags.of(
                  id.getTags().stream().filter(t -> !SDK_ONLY_TAGS.contains(t.getKey())).toList()),
              id.getBaseUnit(),
              HELP.getOrDefault(id.getName(), id.getDescription()),
              id.getType());
        }
      };

  @Bean(destroyMethod = "close")
  Scope temporalMetricsScope(PrometheusMeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(REPORT_EVERY);
  }

  @Bean(destroyMethod = "close")
  MetricsEndpoint metricsEndpoint(RunbookProperties properties, PrometheusMeterRegistry registry) {
    Integer port = properties.metrics().port();
    if (port == null) {
      return new MetricsEndpoint(null);
    }
    try {
      HTTPServer server =
          HTTPServer.builder()
              .hostname(properties.metrics().bind())
              .port(port)
              .registry(registry.getPrometheusRegistry())
              .buildAndStart();
      log.info(
          "Worker metrics at http://{}:{}/metrics (RUNBOOK_METRICS_BIND)",
          properties.metrics().bind(),
          server.getPort());
      return new MetricsEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the worker's metrics on port " + port + " (RUNBOOK_METRICS_PORT)", e);
    }
  }

  /** The running endpoint, if any; its port (useful when 0 asked for a free one). */
  record MetricsEndpoint(HTTPServer server) implements AutoCloseable {
    int port() {
      return server == null ? -1 : server.getPort();
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }
}
