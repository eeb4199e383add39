package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook watch ID}: the live checklist until the run ends; exit 0 completed, 1 failed. */
@Command(
    name = "watch",
    description = "Follow a run's checklist until it ends.",
    mixinStandardHelpOptions = true)
public class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.HELP)
  String id;

  @Option(
      names = "--interval",
      defaultValue = "PT1S",
      description = "Poll interval (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() {
    CliInput.runId(id); // bad input is said before any connection
    Duration every = CliInput.interval(interval);
    try (RunbookClient client = connection.connect()) {
      String run = RunIds.toFollow(id, client);
      RunbookProgress last =
          new ProgressWatcher(
                  () -> client.progressIfAnswered(run),
                  spec.commandLine().getOut(),
                  every,
                  client::activeChildren)
              .follow(p -> {});
      return last.status() == RunStatus.COMPLETED ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
  }
}
