package dev.drrunbooks.starter;

import dev.drrunbooks.rollback.RevisionTagRequest;
import dev.drrunbooks.service.ServiceChange;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook revision mark|unmark}: the known-bad tag on a task-definition revision, set or
 * removed by a named approver with a reason. AppRollback never picks a marked revision as "last
 * known stable"; unmark a healthy release that was marked by mistake.
 */
@Command(
    name = "revision",
    description = "Mark a task-definition revision known-bad, or remove the mark.",
    mixinStandardHelpOptions = true,
    subcommands = {RevisionCommand.Mark.class, RevisionCommand.Unmark.class})
public class RevisionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.BAD_INPUT;
  }

  /** The options both subcommands take. */
  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--service", required = true, description = "Service profile, e.g. sandbox.")
    String service;

    @Option(
        names = "--revision",
        required = true,
        description = "Revision of the profile's task family.")
    int revision;

    @Option(names = "--as", required = true, description = "Your name, one of the approvers.")
    String actor;

    @Option(names = "--reason", required = true, description = "Why; kept on the revision.")
    String reason;

    abstract boolean mark();

    @Override
    public Integer call() {
      // The request's own checks (control characters among them) speak for every problem at once.
      RevisionTagRequest request = new RevisionTagRequest(service, revision, mark(), actor, reason);
      // Refused before connecting: bad input never waits for a server.
      RunbookClient.requireValid(request.problems());
      try (RunbookClient client = connection.connect()) {
        ServiceChange change = client.tagRevision(request);
        spec.commandLine().getOut().println(change.detail());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "mark",
      description = "Tag the revision known-bad: no rollback picks it as stable.",
      mixinStandardHelpOptions = true)
  static class Mark extends Change {
    @Override
    boolean mark() {
      return true;
    }
  }

  @Command(
      name = "unmark",
      description = "Remove the known-bad tag: rollbacks may pick the revision again.",
      mixinStandardHelpOptions = true)
  static class Unmark extends Change {
    @Override
    boolean mark() {
      return false;
    }
  }
}
