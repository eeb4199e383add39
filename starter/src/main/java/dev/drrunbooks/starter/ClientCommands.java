package dev.drrunbooks.starter;

import java.util.List;

/** The commands that only talk to a Temporal server, for the {@code runbook} root command. */
public final class ClientCommands {

  public static final List<Class<?>> ALL =
      List.of(
          SetupCommand.class,
          StartCommand.class,
          StatusCommand.class,
          WatchCommand.class,
          ApproveCommand.class,
          StepCommand.class);

  private ClientCommands() {}
}
