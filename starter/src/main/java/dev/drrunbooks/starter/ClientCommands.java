package dev.drrunbooks.starter;

import java.util.List;

/**
 * The commands that only talk to a Temporal server, for the {@code runbook} root command; {@code
 * start} is built from the catalog by {@link StartCommand#commandLine}.
 */
public final class ClientCommands {

  public static final List<Class<?>> ALL =
      List.of(
          SetupCommand.class,
          ProceduresCommand.class,
          StatusCommand.class,
          WatchCommand.class,
          ApproveCommand.class,
          DecideCommand.class,
          NoteCommand.class,
          ReportCommand.class,
          DrillCommand.class,
          StepCommand.class,
          CancelCommand.class,
          TerminateCommand.class,
          RevisionCommand.class,
          DoctorCommand.class,
          ListCommand.class,
          SandboxCliCommand.class);

  private ClientCommands() {}
}
