package dev.drrunbooks.worker;

import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring worker application, with overrides on top of application.yaml. */
final class WorkerContext {

  /** Overrides are passed as command-line arguments, so they win over application.yaml. */
  static ConfigurableApplicationContext start(Map<String, Object> overrides) {
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
