package dev.drrunbooks.worker;

import dev.drrunbooks.starter.ConnectionOptions;
import dev.drrunbooks.starter.RunbookClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook worker}: host the runbooks against an existing Temporal server. */
@Command(
    name = "worker",
    description = "Run the runbook worker against a Temporal server (TEMPORAL_ADDRESS).",
    mixinStandardHelpOptions = true)
public class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    // Fail with one clear line, not a Spring stack trace, when the server is not there.
    try (RunbookClient client = connection.connect()) {
      List<String> missing = client.missingSearchAttributes();
      if (!missing.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "runbook: search attributes "
                    + missing
                    + " are not registered on this server; runs will stall until you run './runbook setup'");
      }
    }
    var context =
        WorkerContext.start(connection.address(), connection.namespace(), connection.taskQueue());
    spec.commandLine()
        .getOut()
        .println(
            "Worker running on task queue "
                + connection.taskQueue()
                + " at "
                + connection.address()
                + ". Ctrl-C to stop.");
    WorkerContext.awaitShutdown(context);
    return 0;
  }
}
