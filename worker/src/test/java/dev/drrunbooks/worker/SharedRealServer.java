package dev.drrunbooks.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real Temporal dev server (with its web UI) and one worker, shared by every end-to-end test
 * class of this JVM that needs the real server: started by the first that asks, stopped when the
 * JVM ends. Without the Temporal CLI ({@code RUNBOOK_TEMPORAL_BIN}, installed by
 * tools/install-temporal as .ci/run does) the asking class is skipped, and says so loudly.
 */
final class SharedRealServer {

  static final String QUEUE = "real-server-it";

  private static TemporalDevServer server;
  private static ConfigurableApplicationContext worker;
  private static Path reports;
  private static Path log;

  private SharedRealServer() {}

  /** Starts the server and the worker once, or skips the calling test class. */
  static synchronized void require(String who) throws Exception {
    if (server != null) {
      return;
    }
    Optional<Path> binary = TemporalDevServer.binary();
    if (binary.isEmpty()) {
      skip(
          who,
          "no Temporal CLI ("
              + TemporalDevServer.BINARY_ENV
              + " unset); run tools/install-temporal, as .ci/run does");
    }
    Path dir = Files.createTempDirectory("real-server");
    reports = Files.createDirectories(dir.resolve("reports"));
    log = dir.resolve("temporal.log");
    server =
        TemporalDevServer.start(
            binary.get(),
            "127.0.0.1",
            EmbeddedTemporal.freePort(),
            EmbeddedTemporal.freePort(),
            null,
            "default",
            log);
    worker =
        WorkerContext.start(
            server.address(),
            "default",
            QUEUE,
            Map.of(
                "runbook.temporal.plaintext",
                "true",
                "runbook.reports-dir",
                reports.toString(),
                "runbook.profiles-dir",
                Path.of("..", "runbooks").toAbsolutePath().toString(),
                "runbook.sandbox.deploy-time",
                "2s"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  server.close();
                }));
  }

  /** Skips the calling test class, loudly: a skipped end-to-end test must never pass unseen. */
  static void skip(String who, String why) {
    String line = "SKIPPED " + who + ": " + why;
    System.err.println("\n*** " + line + " ***\n");
    Assumptions.abort(line);
  }

  static String address() {
    return server.address();
  }

  static String uiUrl() {
    return server.uiUrl();
  }

  static Path reports() {
    return reports;
  }
}
