package dev.drrunbooks.starter;

import io.grpc.StatusRuntimeException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Reaching the Temporal server, and saying in one line why it cannot be reached: the data converter
 * every client uses, a TCP preflight, and the messages of a failed call.
 */
final class ServerConnection {

  private ServerConnection() {}

  /**
   * Temporal's default converter, except that a record's null fields are left out of what is sent.
   * The runs refuse a field they do not know (a typo in the UI's JSON must not pass unseen), so a
   * CLI one release ahead of a running worker would otherwise stall the run on a field it only
   * added as null (it did: a new optional field of the sandbox command kept a worker's workflow
   * task failing). Left out, a null reads the same on both sides.
   */
  public static final io.temporal.common.converter.DataConverter DATA_CONVERTER =
      io.temporal.common.converter.DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(
              new io.temporal.common.converter.JacksonJsonPayloadConverter(
                  io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper()
                      .setSerializationInclusion(
                          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)));

  /**
   * gRPC logs a failed name resolution with a stack trace through java.util.logging: silence it.
   */
  private static final java.util.logging.Logger GRPC_LOG = quiet("io.grpc");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.OFF);
    return logger;
  }

  /**
   * How long the TCP connection may take. A refused port or an unknown host is said at once; this
   * bounds only a connection that gets no answer, which on a machine running fifty CLI processes at
   * once can be this very process waiting for a CPU, not the server.
   */
  static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Opens a plain TCP connection first, so that an unknown host or a closed port is said at once
   * and in one line, and a server that does not answer in time is called slow, not unreachable.
   */
  static void preflight(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 7233;
    } catch (NumberFormatException e) {
      throw new CliException(
          ExitCode.BAD_INPUT, "--address must be host:port (was '" + address + "')");
    }
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(host, port), (int) PREFLIGHT_TIMEOUT.toMillis());
    } catch (java.net.UnknownHostException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "cannot reach the Temporal server at "
              + address
              + ": unknown host '"
              + host
              + "'. Check --address or TEMPORAL_ADDRESS.");
    } catch (java.net.SocketTimeoutException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "the Temporal server at "
              + address
              + " did not accept a connection within "
              + PREFLIGHT_TIMEOUT.toMillis()
              + " ms (not refused): the server or the network path is slow, a firewall drops the"
              + " traffic, or this machine is too busy to run the command (load "
              + loadAverage()
              + "). Try again, or check the network path.");
    } catch (java.io.IOException e) {
      throw unreachable(address, e);
    }
  }

  /** This machine's load average and cores, so a starved client is not mistaken for the server. */
  static String loadAverage() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return (load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f", load))
        + " on "
        + os.getAvailableProcessors()
        + " cores";
  }

  /** The server cannot be reached: where, why, and what to do. */
  public static CliException unreachable(String address, Throwable cause) {
    return new CliException(
        ExitCode.UNREACHABLE,
        "cannot reach the Temporal server at "
            + address
            + " ("
            + rootMessage(cause)
            + "). "
            + "Start one with './runbook dev', or point TEMPORAL_ADDRESS at yours.");
  }

  /** The first line of a message, at most 200 characters: a replay's failure carries its stack. */
  static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    if (inner instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (inner instanceof StatusRuntimeException s) {
      return s.getStatus().getCode()
          + (s.getStatus().getDescription() == null ? "" : ": " + s.getStatus().getDescription());
    }
    return String.valueOf(inner.getMessage());
  }
}
