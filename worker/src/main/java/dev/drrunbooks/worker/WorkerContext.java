package dev.drrunbooks.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring worker application, with overrides on top of application.yaml. */
final class WorkerContext {

  /** The worker for this server, namespace and task queue. */
  static ConfigurableApplicationContext start(String address, String namespace, String taskQueue) {
    return start(address, namespace, taskQueue, Map.of());
  }

  /**
   * The worker for this server, namespace and task queue, with more {@code runbook.*} settings. All
   * are passed as command-line arguments, so they win over application.yaml.
   */
  static ConfigurableApplicationContext start(
      String address, String namespace, String taskQueue, Map<String, Object> more) {
    Map<String, Object> overrides = new LinkedHashMap<>(more);
    overrides.put("runbook.temporal.address", address);
    overrides.put("runbook.temporal.namespace", namespace);
    overrides.put("runbook.temporal.task-queue", taskQueue);
    String[] args =
        overrides.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(WorkerApplication.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args);
  }

  /** Blocks the calling thread until the JVM is asked to stop (Ctrl-C, SIGTERM). */
  static void awaitShutdown(AutoCloseable... resources) {
    Object lock = new Object();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable r : resources) {
                    try {
                      r.close();
                    } catch (Exception ignored) {
                      // Shutting down: nothing useful left to do with a close failure.
                    }
                  }
                  synchronized (lock) {
                    lock.notifyAll();
                  }
                },
                "runbook-shutdown"));
    synchronized (lock) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private WorkerContext() {}
}
