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
    temporal = temporal == null ? new Temporal(null, null, null) : temporal;
    profilesDir = profilesDir == null ? Path.of("runbooks") : profilesDir;
    sandbox = sandbox == null ? new Sandbox(null) : sandbox;
  }

  public record Temporal(String address, String namespace, String taskQueue) {
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
