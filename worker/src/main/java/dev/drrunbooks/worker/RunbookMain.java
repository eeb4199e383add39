package dev.drrunbooks.worker;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.drrunbooks.starter.CliErrors;
import dev.drrunbooks.starter.ClientCommands;
import dev.drrunbooks.starter.SafeTerminalWriter;
import dev.drrunbooks.starter.StartCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runbook} command line. */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    version = "dr-runbooks 0.1.0",
    description =
        "Disaster-recovery runbooks for the Gitee-Notion sync service, as Temporal workflows.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      DevCommand.class,
      WorkerCommand.class,
      dev.drrunbooks.receiver.ReceiverCommand.class,
      dev.drrunbooks.schedules.SchedulesCommand.class,
      dev.drrunbooks.schedules.DrillsCommand.class,
      TrainStartupCommand.class
    })
public final class RunbookMain {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The whole command line; tests parse the checklist's hints back with it. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RunbookMain());
    ClientCommands.ALL.forEach(cli::addSubcommand);
    ProfileResolver profiles = ProfileResolver.fromEnvironment();
    dev.drrunbooks.starter.RunIds.resolveServicesWith(profiles);
    cli.addSubcommand("start", StartCommand.commandLine(profiles));
    cli.addSubcommand("incident", StartCommand.incidentCommandLine(profiles));
    cli.setExecutionExceptionHandler(new CliErrors());
    // Free text is text: a note "@oncall" is not the contents of the file ./oncall.
    cli.setExpandAtFiles(false);
    // After the subcommands are added, so that each of them prints through it too.
    cli.setOut(SafeTerminalWriter.over(new java.io.OutputStreamWriter(System.out, UTF_8)));
    cli.setErr(SafeTerminalWriter.over(new java.io.OutputStreamWriter(System.err, UTF_8)));
    return cli;
  }
}
