package dev.drrunbooks.worker;

import dev.drrunbooks.runbook.RunbookSearchAttributes;
import dev.drrunbooks.starter.CliException;
import dev.drrunbooks.starter.ExitCode;
import dev.drrunbooks.starter.RunbookClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server for local use: {@code temporal server start-dev} of the pinned Temporal
 * CLI (installed by {@code tools/install-temporal}), with its web UI, the runbooks' search
 * attributes, and its state in a SQLite file so runs survive a restart. Unlike Temporal's Java test
 * server it has Schedules, the visibility list API, {@code DescribeTaskQueue}, sticky hand-over
 * between workers and the UI, so nothing has to be turned off for it.
 */
final class TemporalDevServer implements AutoCloseable {

  /** The Temporal CLI version this project pins (tools/install-temporal installs it). */
  static final String VERSION = "1.9.1";

  /** Where {@code ./runbook} and CI say the installed binary is. */
  static final String BINARY_ENV = "RUNBOOK_TEMPORAL_BIN";

  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final String ip;
  private final int port;
  private final int uiPort;
  private final Path db;

  private TemporalDevServer(Process process, String ip, int port, int uiPort, Path db) {
    this.process = process;
    this.ip = ip;
    this.port = port;
    this.uiPort = uiPort;
    this.db = db;
  }

  /** The installed binary named by {@code RUNBOOK_TEMPORAL_BIN}, when it is there. */
  static Optional<Path> binary() {
    String named = System.getenv(BINARY_ENV);
    if (named == null || named.isBlank()) {
      return Optional.empty();
    }
    Path bin = Path.of(named.trim());
    return Files.isExecutable(bin) ? Optional.of(bin) : Optional.empty();
  }

  /**
   * Starts the server and waits until it answers and the search attributes are registered.
   *
   * @param uiPort the web UI's port, or -1 for none
   * @param db the state file, or null to keep state in memory
   * @param log where the server's own output goes
   */
  static TemporalDevServer start(
      Path binary, String ip, int port, int uiPort, Path db, String namespace, Path log) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "server",
                "start-dev",
                "--ip",
                ip,
                "--port",
                String.valueOf(port),
                "--log-level",
                "warn",
                "--namespace",
                namespace));
    if (uiPort < 0) {
      command.add("--headless");
    } else {
      // The news feed is fetched from the internet: nothing a practice machine needs.
      command.addAll(
          List.of("--ui-ip", ip, "--ui-port", String.valueOf(uiPort), "--ui-disable-news-fetch"));
    }
    if (db != null) {
      command.addAll(List.of("--db-filename", db.toString()));
    }
    for (var key : RunbookSearchAttributes.ALL) {
      command.addAll(List.of("--search-attribute", key.getName() + "=Keyword"));
    }
    Process process;
    try {
      if (db != null && db.getParent() != null) {
        Files.createDirectories(db.getParent());
      }
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new CliException(
          ExitCode.UNREACHABLE, "cannot start " + binary + ": " + e.getMessage());
    }
    TemporalDevServer server = new TemporalDevServer(process, ip, port, uiPort, db);
    server.awaitReady(namespace, log);
    return server;
  }

  private void awaitReady(String namespace, Path log) {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CliException(
            ExitCode.UNREACHABLE,
            "the Temporal dev server exited with "
                + process.exitValue()
                + " (is port "
                + port
                + " or "
                + uiPort
                + " taken?); its output: "
                + log);
      }
      if (listening()) {
        try (RunbookClient client = RunbookClient.connect(address(), namespace, "dr-runbooks")) {
          client.registerSearchAttributes();
          return;
        } catch (RuntimeException notYet) {
          // The port opens before the frontend serves: try again.
        }
      }
      BenchWorkers.sleep(200);
    }
    close();
    throw new CliException(
        ExitCode.UNREACHABLE,
        "the Temporal dev server did not answer within " + READY_WITHIN.toSeconds() + " s: " + log);
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String address() {
    return ip + ":" + port;
  }

  /** The web UI's address, or null when it runs headless. */
  String uiUrl() {
    return uiPort < 0 ? null : "http://" + ip + ":" + uiPort;
  }

  Path db() {
    return db;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
