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
    Temporal temporal, Path profilesDir, Path reportsDir, Sandbox sandbox) {

  public RunbookProperties {
    temporal = temporal == null ? new Temporal(null, null, null, null) : temporal;
    profilesDir = profilesDir == null ? Path.of("runbooks") : profilesDir;
    reportsDir = reportsDir == null ? Path.of("reports") : reportsDir;
    sandbox = sandbox == null ? new Sandbox(null) : sandbox;
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
