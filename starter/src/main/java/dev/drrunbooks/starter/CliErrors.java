package dev.drrunbooks.starter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a {@link CliException} as one line on stderr and exits with its code. */
public final class CliErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof CliException cli) {
      cmd.getErr().println("runbook: " + cli.getMessage());
      return cli.exitCode();
    }
    cmd.getErr().println("runbook: unexpected error: " + e);
    e.printStackTrace(cmd.getErr());
    return 70;
  }
}
