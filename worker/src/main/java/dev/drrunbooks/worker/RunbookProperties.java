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
    Temporal temporal, Path profilesDir, Path reportsDir, Sandbox sandbox, Publish publish) {

  public RunbookProperties {
    temporal = temporal == null ? new Temporal(null, null, null, null) : temporal;
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
   */
  public record Temporal(
      String address, String namespace, String taskQueue, Duration stickyQueueTimeout) {
    public Temporal {
      address = blank(address) ? RunbookDefaults.ADDRESS : address;
      namespace = blank(namespace) ? RunbookDefaults.NAMESPACE : namespace;
      taskQueue = blank(taskQueue) ? RunbookDefaults.TASK_QUEUE : taskQueue;
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
