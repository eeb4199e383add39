package dev.drrunbooks.starter;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook setup}: registers the search attributes on a server; safe to run again. */
@Command(
    name = "setup",
    description = "Register the runbooks' search attributes on the Temporal server (idempotent).",
    mixinStandardHelpOptions = true)
public class SetupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    try (RunbookClient client = connection.connect()) {
      List<String> added = client.registerSearchAttributes();
      spec.commandLine()
          .getOut()
          .println(
              added.isEmpty()
                  ? "Search attributes already registered; nothing to do."
                  : "Registered search attributes: " + String.join(", ", added));
      return ExitCode.OK;
    }
  }
}
