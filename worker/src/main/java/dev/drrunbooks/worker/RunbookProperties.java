package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookDefaults;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The worker's configuration ({@code runbook.*} in application.yaml, each overridable by an
 * environment variable named there).
 */
@ConfigurationProperties("runbook")
public record RunbookProperties(
    Temporal temporal,
    Path profilesDir,
    Path reportsDir,
    Sandbox sandbox,
    Publish publish,
    Metrics metrics) {

  public RunbookProperties {
    temporal = temporal == null ? new Temporal(null, null, null, null, false, null) : temporal;
    metrics = metrics == null ? new Metrics(null, null) : metrics;
    profilesDir = profilesDir == null ? Path.of("runbooks") : profilesDir;
    reportsDir = reportsDir == null ? Path.of("reports") : reportsDir;
    sandbox = sandbox == null ? new Sandbox(null) : sandbox;
    publish = publish == null ? new Publish(null, null, null, null, null, null) : publish;
  }

  /**
   * Where drill reports are published besides the reports folder: an S3 location ({@code
   * s3://bucket/prefix/} in {@code s3Region}) and a Notion page ({@code notionPage}, with the token
   * in the environment variable {@code notionTokenEnv}). Blank means not at all.
   */
  public record Publish(
      String s3,
      String s3Region,
      String notionPage,
      String notionTokenEnv,
      String notionApi,
      String notionVersion) {
    public Publish {
      s3 = blank(s3) ? null : s3.trim();
      s3Region = blank(s3Region) ? null : s3Region.trim();
      notionPage = blank(notionPage) ? null : notionPage.trim();
      notionTokenEnv = blank(notionTokenEnv) ? "NOTION_TOKEN" : notionTokenEnv.trim();
      notionApi = blank(notionApi) ? "https://api.notion.com" : notionApi.trim();
      notionVersion = blank(notionVersion) ? "2025-09-03" : notionVersion.trim();
    }
  }

  /**
   * Where the worker polls. {@code stickyQueueTimeout} unset keeps the SDK's sticky execution, as a
   * real server wants. Zero turns it off: every workflow task then goes to the shared queue and is
   * replayed from history. The embedded dev server sets zero, because Temporal's Java test server
   * never moves a task off a dead worker's sticky queue, so a killed worker's runs would hang.
   *
   * <p>TLS, mTLS and the API key come from Temporal's environment settings ({@code TEMPORAL_TLS_*},
   * {@code TEMPORAL_API_KEY}, see {@link dev.drrunbooks.starter.TemporalConnection}); {@code
   * plaintext} ignores them (the embedded dev server). Blank address or namespace: the environment
   * settings', else localhost:7233 and default.
   */
  public record Temporal(
      String address,
      String namespace,
      String taskQueue,
      Duration stickyQueueTimeout,
      boolean plaintext,
      Tuning tuning) {
    public Temporal {
      address = blank(address) ? null : address.trim();
      namespace = blank(namespace) ? null : namespace.trim();
      taskQueue = blank(taskQueue) ? RunbookDefaults.TASK_QUEUE : taskQueue;
      tuning = tuning == null ? new Tuning(null, null, null, null, null) : tuning;
    }
  }

  /**
   * Temporal's worker tuning; unset keeps the SDK's default. Slots bound how many workflow tasks
   * and activities this process runs at once (an activity slot is held for a whole ECS deployment
   * wait, so more slots means more recoveries in parallel, not faster ones); pollers are the long
   * polls kept open per task type; the cache keeps that many runs in memory between tasks.
   */
  public record Tuning(
      Integer workflowTaskSlots,
      Integer activitySlots,
      Integer workflowPollers,
      Integer activityPollers,
      Integer workflowCacheSize) {
    public Tuning {
      positive("workflow-task-slots", workflowTaskSlots);
      positive("activity-slots", activitySlots);
      positive("workflow-pollers", workflowPollers);
      positive("activity-pollers", activityPollers);
      positive("workflow-cache-size", workflowCacheSize);
    }

    private static void positive(String name, Integer value) {
      if (value != null && value < 1) {
        throw new IllegalArgumentException(
            "runbook.temporal.tuning." + name + " must be at least 1 (was " + value + ")");
      }
    }
  }

  /**
   * The Prometheus endpoint of the worker: {@code port} unset means none; {@code bind} the address
   * it listens on, loopback unless said otherwise ({@code RUNBOOK_METRICS_BIND=0.0.0.0} in a
   * container, where the published port is the boundary).
   */
  public record Metrics(Integer port, String bind) {
    public Metrics {
      bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind.trim();
      if (port != null && (port < 0 || port > 65535)) {
        throw new IllegalArgumentException(
            "runbook.metrics.port must be 0-65535 (was " + port + ")");
      }
    }
  }

  /** How long a simulated deployment takes to replace every task. */
  public record Sandbox(Duration deployTime) {
    public Sandbox {
      deployTime = deployTime == null ? Duration.ofSeconds(6) : deployTime;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
