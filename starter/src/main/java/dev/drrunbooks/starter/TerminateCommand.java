package dev.drrunbooks.starter;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook terminate ID --as NAME --reason TEXT --force}: ends a run at once on the server,
 * without its undo steps. For a run that cannot cancel (its code cannot run at all); {@code cancel}
 * otherwise.
 */
@Command(
    name = "terminate",
    description =
        "End a run at once, WITHOUT its undo steps (needs --force); prefer 'runbook cancel'.",
    mixinStandardHelpOptions = true)
public class TerminateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.HELP)
  String id;

  @Option(names = "--as", required = true, description = "Your name; recorded with the reason.")
  String actor;

  @Option(names = "--reason", required = true, description = "Why.")
  String reason;

  @Option(
      names = "--force",
      description = "Confirm: nothing the run changed is undone, and no one is notified by it.")
  boolean force;

  @Override
  public Integer call() {
    CliInput.runId(id); // bad input is said before any connection
    String who = CliInput.text("--as", actor, true);
    String why = CliInput.text("--reason", reason, true);
    if (!force) {
      throw new CliException(
          ExitCode.BAD_INPUT,
          "terminate skips the run's undo steps and its notifications; use './runbook cancel "
              + id
              + " --as "
              + who
              + " --reason ...', or add --force if the run cannot cancel");
    }
    try (RunbookClient client = connection.connect()) {
      // A service name: its incident when one is open (canceling it cancels its recovery).
      String run = RunIds.toFollow(id, client);
      client.terminate(
          run,
          who,
          "terminated by " + who + " (" + CliInput.osUser() + "@" + CliInput.host() + "): " + why);
      spec.commandLine().getOut().println("Terminated " + run + "; nothing was undone.");
      return ExitCode.OK;
    }
  }
}
