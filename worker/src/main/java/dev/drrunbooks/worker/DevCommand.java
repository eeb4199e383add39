package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookDefaults;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook dev}: a local Temporal server and the worker. The real server ({@code temporal
 * server start-dev}, with its web UI, Schedules and visibility, state kept in a file) when the
 * pinned Temporal CLI is installed, which {@code ./runbook dev} does itself; otherwise Temporal's
 * Java test server in this process, said in one line.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Start a local Temporal server and the worker: the real dev server with its web UI when"
            + " the Temporal CLI is installed (./runbook dev installs it), else an embedded one.")
public class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "Port of the server (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--ui-port",
      description = "Port of the web UI (default: the server's port + 1000).")
  Integer uiPort;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Interface to listen on (default ${DEFAULT-VALUE}). The dev server has no"
              + " authentication: 0.0.0.0 lets anyone who reaches the port start and approve runs.")
  String bind;

  @Option(
      names = "--server",
      defaultValue = "auto",
      description =
          "auto (the real dev server when the Temporal CLI is installed), real, or embedded"
              + " (Temporal's Java test server: no Schedules, no list API, no web UI).")
  String server;

  @Option(
      names = "--db",
      description =
          "The real server's state file (env RUNBOOK_DEV_DB, default ~/.dr-runbooks/temporal-dev.db);"
              + " runs survive a restart.")
  Path db =
      Path.of(
          RunbookDefaults.env(
              "RUNBOOK_DEV_DB",
              Path.of(System.getProperty("user.home"), ".dr-runbooks", "temporal-dev.db")
                  .toString()));

  @Option(
      names = "--task-queue",
      description = "Task queue (env RUNBOOK_TASK_QUEUE, default ${DEFAULT-VALUE}).")
  String taskQueue = RunbookDefaults.env("RUNBOOK_TASK_QUEUE", RunbookDefaults.TASK_QUEUE);

  @Override
  public Integer call() {
    if (!"auto".equals(server) && !"real".equals(server) && !"embedded".equals(server)) {
      throw new dev.drrunbooks.starter.CliException(
          dev.drrunbooks.starter.ExitCode.BAD_INPUT,
          "--server must be auto, real or embedded (was " + server + ")");
    }
    Optional<Path> binary =
        "embedded".equals(server) ? Optional.empty() : TemporalDevServer.binary();
    if (binary.isEmpty() && "real".equals(server)) {
      throw new dev.drrunbooks.starter.CliException(
          dev.drrunbooks.starter.ExitCode.BAD_INPUT,
          "the Temporal CLI is not installed: run tools/install-temporal and set "
              + TemporalDevServer.BINARY_ENV
              + " to the path it prints (./runbook dev does both)");
    }
    return binary.isPresent() ? real(binary.get()) : embedded();
  }

  private int real(Path binary) {
    var out = spec.commandLine().getOut();
    int ui = uiPort == null ? port + 1000 : uiPort;
    Path log = db.resolveSibling("temporal-dev.log");
    TemporalDevServer temporal =
        TemporalDevServer.start(binary, bind, port, ui, db, RunbookDefaults.NAMESPACE, log);
    String address = clientAddress(temporal.address());
    var context =
        WorkerContext.start(
            address,
            RunbookDefaults.NAMESPACE,
            taskQueue,
            Map.of("runbook.temporal.plaintext", "true"));
    out.println(
        "Temporal dev server (temporal "
            + TemporalDevServer.VERSION
            + ") on "
            + temporal.address()
            + ", state in "
            + db
            + " (runs survive a restart).");
    out.println("Temporal web UI: " + temporal.uiUrl());
    out.println("Worker polling task queue " + taskQueue + ".");
    hint(out, address);
    WorkerContext.awaitShutdown(context, temporal);
    return 0;
  }

  private int embedded() {
    var out = spec.commandLine().getOut();
    if ("auto".equals(server)) {
      out.println(
          "runbook: the Temporal CLI is not installed (tools/install-temporal); using the embedded"
              + " Java test server instead: no web UI, no Schedules, no list API.");
    }
    EmbeddedTemporal embedded =
        EmbeddedTemporal.start(bind, port, RunbookDefaults.NAMESPACE, taskQueue);
    var context =
        WorkerContext.start(
            embedded.address(),
            RunbookDefaults.NAMESPACE,
            taskQueue,
            EmbeddedTemporal.WORKER_SETTINGS);
    out.println(
        "Embedded Temporal server listening on "
            + embedded.bindAddress()
            + " (in memory: state is lost when this stops;");
    out.println(
        "no Schedules, no list API, no web UI). Worker polling task queue " + taskQueue + ".");
    hint(out, embedded.address());
    WorkerContext.awaitShutdown(context, embedded);
    return 0;
  }

  /** The command to type in another terminal, with the address when it is not the default. */
  private void hint(java.io.PrintWriter out, String address) {
    boolean usual = address.equals("127.0.0.1:7233") || address.equals("localhost:7233");
    out.println(
        "In another terminal:  "
            + (usual ? "" : "export TEMPORAL_ADDRESS=" + address + "; ")
            + "./runbook start app-rollback --service sandbox --watch");
    out.println("Ctrl-C to stop.");
    out.flush();
  }

  /** Where clients connect: the bound address, or localhost when bound to every interface. */
  private static String clientAddress(String bound) {
    return bound.startsWith("0.0.0.0:") ? "localhost" + bound.substring("0.0.0.0".length()) : bound;
  }
}
