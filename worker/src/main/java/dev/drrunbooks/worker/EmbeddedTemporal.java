package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookClient;
import io.grpc.Server;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Temporal's Java test server, in this process, on a real clock: the local dev server when no
 * Docker is at hand. State lives in memory; it has no Schedules, no visibility list API and no web
 * UI. The runbooks' search attributes are registered as it starts. It listens on one interface,
 * 127.0.0.1 unless told otherwise: it has no authentication, so anyone who reaches the port can
 * start, approve and cancel runs. (The SDK's {@code TestServer.createPortBoundServer} binds every
 * interface; this builds the same services on a chosen address.)
 */
final class EmbeddedTemporal implements AutoCloseable {

  /**
   * Worker settings for this server: no sticky execution, since the test server never moves a
   * workflow task off a dead worker's sticky queue (a killed worker's runs would hang).
   */
  static final java.util.Map<String, Object> WORKER_SETTINGS =
      java.util.Map.of(
          "runbook.temporal.sticky-queue-timeout", "0s", "runbook.temporal.plaintext", "true");

  private final TestServicesStarter services;
  private final Server server;
  private final String host;
  private final int port;

  private EmbeddedTemporal(TestServicesStarter services, Server server, String host, int port) {
    this.services = services;
    this.server = server;
    this.host = host;
    this.port = port;
  }

  static EmbeddedTemporal start(int port, String namespace, String taskQueue) {
    return start("127.0.0.1", port, namespace, taskQueue);
  }

  static EmbeddedTemporal start(String host, int port, String namespace, String taskQueue) {
    // lockTimeSkipping=true: the server keeps the real clock, as a real server does.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    Server server;
    try {
      var builder =
          io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
              new InetSocketAddress(host, port));
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      services.close();
      throw new dev.drrunbooks.starter.CliException(
          dev.drrunbooks.starter.ExitCode.UNREACHABLE,
          "cannot start the embedded Temporal server on "
              + host
              + ":"
              + port
              + " ("
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
              + "); is another server already listening there?");
    }
    EmbeddedTemporal embedded = new EmbeddedTemporal(services, server, host, port);
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

  /** Where clients connect: the bound address, or localhost when bound to every interface. */
  String address() {
    boolean any = "0.0.0.0".equals(host) || "::".equals(host);
    return (any ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  String bindAddress() {
    return host + ":" + port;
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }
}
