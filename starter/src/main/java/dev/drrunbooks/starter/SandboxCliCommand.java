package dev.drrunbooks.starter;

import dev.drrunbooks.sandbox.SandboxCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook sandbox show|break <fault>|reset}: practise on the simulation. The sandbox lives
 * in the worker process ({@code dev} or {@code worker}; one world per process), so these go through
 * Temporal to it. {@code dev} starts healthy: break it on purpose, recover it, reset it.
 */
@Command(
    name = "sandbox",
    description = "Practise: show the sandboxed service, break it on purpose, or reset it.",
    mixinStandardHelpOptions = true,
    subcommands = {
      SandboxCliCommand.Show.class,
      SandboxCliCommand.Break.class,
      SandboxCliCommand.Heal.class,
      SandboxCliCommand.Reset.class
    })
public class SandboxCliCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.BAD_INPUT;
  }

  /** The options every subcommand takes. */
  abstract static class Action implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(
        names = "--service",
        defaultValue = "sandbox",
        description = "A profile whose target is sandbox (default ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--as", description = "Who practises (recorded in the history).")
    String actor;

    abstract SandboxCommand command();

    @Override
    public Integer call() {
      SandboxCommand command = command();
      // Refused before connecting: bad input never waits for a server.
      RunbookClient.requireValid(command.problems());
      try (RunbookClient client = connection.connect()) {
        spec.commandLine().getOut().println(client.controlSandbox(command));
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "show", description = "Where the sandboxed service stands.")
  static class Show extends Action {
    @Override
    SandboxCommand command() {
      return new SandboxCommand("show", service, null, CliInput.text("--as", actor, false));
    }
  }

  @Command(
      name = "break",
      description =
          "Inject a fault: bad-release (AppRollback), region-outage (RegionFailover; the primary"
              + " region stops answering), database-outage (the database instance is lost:"
              + " DataRestore restores it to a point in time), database-deleted (RDS no longer"
              + " knows the instance: DataRestore restores its newest snapshot), config-loss (the env file gets a"
              + " wrong database password: DataRestore restores the files), corrupt-backup (the"
              + " newest backup set no longer matches its manifest: BackupVerification catches"
              + " it).")
  static class Break extends Action {
    @Parameters(
        paramLabel = "FAULT",
        description = "bad-release, region-outage, database-outage, config-loss or corrupt-backup")
    String fault;

    @Override
    SandboxCommand command() {
      return new SandboxCommand("break", service, fault, CliInput.text("--as", actor, false));
    }
  }

  @Command(
      name = "heal",
      description =
          "End a region outage; the public name and the standby stay as they are (practise"
              + " failback).")
  static class Heal extends Action {
    @Override
    SandboxCommand command() {
      return new SandboxCommand("heal", service, null, CliInput.text("--as", actor, false));
    }
  }

  @Command(
      name = "reset",
      description =
          "Back to the start: healthy on the good release, no known-bad tags, no outage, the name"
              + " on the primary.")
  static class Reset extends Action {
    @Override
    SandboxCommand command() {
      return new SandboxCommand("reset", service, null, CliInput.text("--as", actor, false));
    }
  }
}
