package dev.drrunbooks.schedules;

import dev.drrunbooks.starter.CliException;
import dev.drrunbooks.starter.ExitCode;
import dev.drrunbooks.starter.RunbookDefaults;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook drills history}: past drill results with each scenario's trend. */
@Command(
    name = "drills",
    description =
        "Past drill results from the stored reports (history): each drill, each scenario's RTO and"
            + " RPO trend, and the rollback success rate against the task list's 99 %%.",
    mixinStandardHelpOptions = true)
public class DrillsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ACTION", description = "history")
  String action;

  @Option(
      names = "--dir",
      description =
          "The worker's report folder (env RUNBOOK_REPORTS_DIR, default ${DEFAULT-VALUE}).")
  Path dir = Path.of(RunbookDefaults.env("RUNBOOK_REPORTS_DIR", "reports"));

  @Override
  public Integer call() {
    if (!"history".equals(action)) {
      throw new CliException(ExitCode.BAD_INPUT, "ACTION must be history (was " + action + ")");
    }
    var out = spec.commandLine().getOut();
    out.print(DrillHistory.read(dir).render());
    out.flush();
    return ExitCode.OK;
  }
}
