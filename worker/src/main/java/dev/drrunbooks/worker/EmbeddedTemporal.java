package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookClient;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * Temporal's Java test server, in this process, on a real clock: the local dev server when no
 * Docker is at hand. State lives in memory; it has no Schedules, no visibility list API and no web
 * UI. The runbooks' search attributes are registered as it starts.
 */
final class EmbeddedTemporal implements AutoCloseable {

  /**
   * Worker settings for this server: no sticky execution, since the test server never moves a
   * workflow task off a dead worker's sticky queue (a killed worker's runs would hang).
   */
  static final java.util.Map<String, Object> WORKER_SETTINGS =
      java.util.Map.of("runbook.temporal.sticky-queue-timeout", "0s");

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedTemporal start(int port, String namespace, String taskQueue) {
    TestServer.PortBoundTestServer server;
    try {
      // lockTimeSkipping=true: the server keeps the real clock, as a real server does.
      server = TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException e) {
      throw new dev.drrunbooks.starter.CliException(
          dev.drrunbooks.starter.ExitCode.UNREACHABLE,
          "cannot start the embedded Temporal server on port "
              + port
              + " ("
              + e.getMessage()
              + "); is another server already listening there?");
    }
    EmbeddedTemporal embedded = new EmbeddedTemporal(server, port);
    try (RunbookClient client = RunbookClient.connect(embedded.address(), namespace, taskQueue)) {
      client.registerSearchAttributes();
    }
    return embedded;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free local port", e);
    }
  }

  String address() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}
