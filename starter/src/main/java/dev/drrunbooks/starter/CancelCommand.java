package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.CancelRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook cancel ID --as NAME --reason TEXT}: Temporal's cancellation, which the runbook
 * turns into its undo steps and a CANCELED end; who and why are signalled first, so the outcome
 * names them. The command then waits a few seconds for the run to take the request, and says so; a
 * run that does not (no worker, or workflow code that fails) is said with what to do, and the
 * request stays recorded for when it can.
 */
@Command(
    name = "cancel",
    description =
        "Cancel a run: it undoes the risky steps it registered, then ends CANCELED and frees the"
            + " service.",
    mixinStandardHelpOptions = true)
public class CancelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.HELP)
  String id;

  @Option(names = "--as", required = true, description = "Your name; recorded with the cancel.")
  String actor;

  @Option(names = "--reason", required = true, description = "Why; recorded with the cancel.")
  String reason;

  @Override
  public Integer call() {
    CliInput.runId(id); // bad input is said before any connection
    CancelRequest request =
        new CancelRequest(
            CliInput.text("--as", actor, true),
            CliInput.text("--reason", reason, true),
            CliInput.osUser(),
            CliInput.host());
    try (RunbookClient client = connection.connect()) {
      // A service name: its incident when one is open (canceling it cancels its recovery).
      String run = RunIds.toFollow(id, client);
      client.cancel(run, request);
      spec.commandLine()
          .getOut()
          .println(
              "Cancel taken by "
                  + run
                  + " (asked by "
                  + request.describe()
                  + "). It undoes what it registered and ends CANCELED; follow with './runbook watch "
                  + run
                  + "'.");
      return ExitCode.OK;
    }
  }
}
