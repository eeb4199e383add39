package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ProgressMarkdown;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook status ID}: the checklist once. */
@Command(name = "status", description = "Print a run's checklist.", mixinStandardHelpOptions = true)
public class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "Workflow id, e.g. app-rollback-sandbox.")
  String id;

  @Override
  public Integer call() {
    try (RunbookClient client = connection.connect()) {
      spec.commandLine().getOut().println(ProgressMarkdown.render(client.progress(id)));
      return ExitCode.OK;
    }
  }
}
