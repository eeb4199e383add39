package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runbooks' metrics as Prometheus scrapes them: each with its HELP text, and with only the tags
 * that say something (procedure, status, gate...), not the SDK's seven always-"none" ones.
 */
class WorkerMetricsTest {

  @Test
  void runbookMetrics_haveHelpText_andNoAlwaysNoneLabels() throws Exception {
    PrometheusMeterRegistry registry = new WorkerMetrics().prometheusRegistry();
    Scope root =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(Duration.ofMillis(10));
    // What a workflow's metrics scope carries (the SDK's default tags), then the runbook's own.
    Scope workflow =
        root.tagged(
            Map.of(
                "namespace", "default",
                "task_queue", "dr-runbooks",
                "workflow_type", "AppRollback",
                "activity_type", "none",
                "operation", "none",
                "query_type", "none",
                "signal_name", "none",
                "status_code", "none",
                "exception", "none",
                "worker_type", "none"));
    workflow
        .tagged(Map.of("procedure", "AppRollback", "status", "COMPLETED", "dry_run", "false"))
        .counter("runbook_runs")
        .inc(1);
    root.close();

    String scraped = registry.scrape();

    assertThat(scraped)
        .contains("# HELP runbook_runs_total Runs of a runbook that ended")
        .containsPattern(
            "runbook_runs_total\\{dry_run=\"false\",namespace=\"default\",procedure=\"AppRollback\","
                + "status=\"COMPLETED\",task_queue=\"dr-runbooks\",workflow_type=\"AppRollback\"\\}"
                + " 1.0");
    assertThat(scraped.lines().filter(l -> l.startsWith("runbook_")))
        .noneMatch(l -> l.contains("\"none\""));
  }
}
