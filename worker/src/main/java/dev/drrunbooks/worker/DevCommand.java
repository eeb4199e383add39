package dev.drrunbooks.worker;

import dev.drrunbooks.starter.RunbookDefaults;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook dev}: an embedded Temporal server and the worker, in one process. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Start an embedded Temporal server (in memory, real clock) and the worker; no Docker needed.")
public class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "Port of the embedded server (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Interface to listen on (default ${DEFAULT-VALUE}). The embedded server has no"
              + " authentication: 0.0.0.0 lets anyone who reaches the port start and approve runs.")
  String bind;

  @Option(
      names = "--task-queue",
      description = "Task queue (env RUNBOOK_TASK_QUEUE, default ${DEFAULT-VALUE}).")
  String taskQueue = RunbookDefaults.env("RUNBOOK_TASK_QUEUE", RunbookDefaults.TASK_QUEUE);

  @Override
  public Integer call() {
    EmbeddedTemporal server =
        EmbeddedTemporal.start(bind, port, RunbookDefaults.NAMESPACE, taskQueue);
    var context =
        WorkerContext.start(
            server.address(),
            RunbookDefaults.NAMESPACE,
            taskQueue,
            EmbeddedTemporal.WORKER_SETTINGS);
    var out = spec.commandLine().getOut();
    out.println(
        "Embedded Temporal server listening on "
            + server.bindAddress()
            + " (in memory: state is lost when this stops;");
    out.println(
        "no Schedules, no list API, no web UI). Worker polling task queue " + taskQueue + ".");
    out.println("In another terminal:  ./runbook start app-rollback --service sandbox --watch");
    out.println("Ctrl-C to stop.");
    out.flush();
    WorkerContext.awaitShutdown(context, server);
    return 0;
  }
}
