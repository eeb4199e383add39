package dev.drrunbooks.starter;

import picocli.CommandLine.Command;

/** {@code runbook start <procedure>}: one subcommand per procedure. */
@Command(
    name = "start",
    description = "Start a recovery procedure.",
    mixinStandardHelpOptions = true,
    subcommands = {StartAppRollbackCommand.class})
public class StartCommand {}
