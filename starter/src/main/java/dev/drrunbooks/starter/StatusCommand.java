package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ProgressMarkdown;
import dev.drrunbooks.runbook.RunbookProgress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook status ID}: the checklist once. Exit 0 while the run goes on or when it completed,
 * 1 when it ended otherwise (failed, canceled, refused, terminated).
 */
@Command(name = "status", description = "Print a run's checklist.", mixinStandardHelpOptions = true)
public class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.HELP)
  String id;

  @picocli.CommandLine.Option(
      names = "--run",
      description = "A past run of this id (its run id, from 'runbook list').")
  String runId;

  @Override
  public Integer call() {
    CliInput.runId(id); // bad input is said before any connection
    if (runId != null) {
      CliInput.runId(runId);
    }
    try (RunbookClient client = connection.connect()) {
      String run = RunIds.toFollow(id, client);
      if (runId != null) {
        RunbookProgress past = client.progress(run, runId);
        spec.commandLine().getOut().println(ProgressMarkdown.render(past, Terminal.style()));
        return verdict(past);
      }
      RunbookProgress p = client.progress(run);
      spec.commandLine().getOut().println(ProgressMarkdown.render(p, Terminal.style()));
      if (!p.status().finished()) {
        ProgressWatcher.printChildren(spec.commandLine().getOut(), client.activeChildren(p));
      }
      String closed = client.closedOnServer(run, p);
      if (closed != null) {
        spec.commandLine()
            .getOut()
            .println(
                "Server: the run is "
                    + closed
                    + "; the checklist above is where it stopped (nothing was undone).");
        return ExitCode.RUN_FAILED;
      }
      // The exit code says the verdict, as watch's does: a run that ended otherwise than
      // COMPLETED (failed, canceled, refused) is 1; one still running is 0.
      return verdict(p);
    }
  }

  private static int verdict(RunbookProgress p) {
    return p.status().finished() && p.status() != dev.drrunbooks.runbook.RunStatus.COMPLETED
        ? ExitCode.RUN_FAILED
        : ExitCode.OK;
  }
}
