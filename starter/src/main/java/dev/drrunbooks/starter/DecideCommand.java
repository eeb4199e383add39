package dev.drrunbooks.starter;

import dev.drrunbooks.incident.DecideRequest;
import dev.drrunbooks.incident.DisasterType;
import dev.drrunbooks.incident.IncidentDecision;
import dev.drrunbooks.incident.Severity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook decide ID --procedure P --as NAME}: the incident's {@code decide} update. */
@Command(
    name = "decide",
    description =
        "Choose the recovery an incident runs (app-rollback, data-restore, region-failover, failback, or none"
            + " to recover by hand); may correct the classification.",
    mixinStandardHelpOptions = true)
public class DecideCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.INCIDENT_HELP)
  String id;

  @Option(
      names = "--procedure",
      required = true,
      description = "app-rollback, data-restore, region-failover, failback or none.")
  String procedure;

  @Option(
      names = "--as",
      required = true,
      description = "Your name, as listed in the profile's approvers.")
  String actor;

  @Option(names = "--comment", description = "Why; recorded with the decision.")
  String comment;

  @Option(names = "--type", description = "Correct the disaster type: ${COMPLETION-CANDIDATES}.")
  DisasterType type;

  @Option(names = "--severity", description = "Correct the severity: ${COMPLETION-CANDIDATES}.")
  Severity severity;

  @Override
  public Integer call() {
    String run = RunIds.incidentOf(id);
    DecideRequest request =
        new DecideRequest(
            CliInput.text("--procedure", procedure, true),
            CliInput.text("--as", actor, true),
            CliInput.text("--comment", comment, false),
            type,
            severity,
            CliInput.osUser() + "@" + CliInput.host());
    try (RunbookClient client = connection.connect()) {
      IncidentDecision decision = client.decide(run, request);
      spec.commandLine()
          .getOut()
          .println(
              "Decided "
                  + decision.procedure()
                  + " for "
                  + run
                  + " as "
                  + decision.actor()
                  + " at "
                  + decision.at()
                  + " (round "
                  + decision.round()
                  + "); follow it: ./runbook watch "
                  + run);
      return ExitCode.OK;
    }
  }
}
