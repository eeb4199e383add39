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
public record RunbookProperties(Temporal temporal, Path profilesDir, Sandbox sandbox) {

  public RunbookProperties {
    temporal = temporal == null ? new Temporal(null, null, null, null) : temporal;
    profilesDir = profilesDir == null ? Path.of("runbooks") : profilesDir;
    sandbox = sandbox == null ? new Sandbox(null) : sandbox;
  }

  /**
   * Where the worker polls. {@code stickyQueueTimeout} zero turns sticky execution off: every
   * workflow task then goes to the shared queue and is replayed from history. Runbook histories are
   * small, and it means a worker that dies (kill -9, lost node) is replaced at once on any server,
   * including Temporal's Java test server, which never moves a task off a dead worker's sticky
   * queue.
   */
  public record Temporal(
      String address, String namespace, String taskQueue, Duration stickyQueueTimeout) {
    public Temporal {
      address = blank(address) ? RunbookDefaults.ADDRESS : address;
      namespace = blank(namespace) ? RunbookDefaults.NAMESPACE : namespace;
      taskQueue = blank(taskQueue) ? RunbookDefaults.TASK_QUEUE : taskQueue;
      stickyQueueTimeout = stickyQueueTimeout == null ? Duration.ZERO : stickyQueueTimeout;
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
