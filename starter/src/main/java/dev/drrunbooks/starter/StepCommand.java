package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.StepResolution;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook step ID retry|skip|abort --as NAME}: the {@code resolveStep} update. */
@Command(
    name = "step",
    description = "Retry, skip or abort the step a run is stuck on.",
    mixinStandardHelpOptions = true)
public class StepCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "ID", description = RunIds.HELP)
  String id;

  @Parameters(index = "1", paramLabel = "ACTION", description = "retry, skip or abort.")
  String action;

  @Option(
      names = "--as",
      required = true,
      description = "Your name, as listed in the profile's approvers.")
  String actor;

  @Option(names = "--step", description = "The failed step's id (default: the one waiting).")
  String step;

  @Option(names = "--comment", description = "Why; recorded with the decision.")
  String comment;

  @Override
  public Integer call() {
    Action parsed;
    try {
      parsed = Action.valueOf(action.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCode.BAD_INPUT, "action must be retry, skip or abort (was '" + action + "')");
    }
    CliInput.runId(id); // bad input is said before any connection
    StepResolutionRequest request =
        new StepResolutionRequest(
            step,
            parsed,
            CliInput.text("--as", actor, true),
            CliInput.text("--comment", comment, false),
            CliInput.osUser() + "@" + CliInput.host());
    try (RunbookClient client = connection.connect()) {
      String run = RunIds.waitingOn(id, client, false);
      StepResolution r = client.resolveStep(run, request);
      spec.commandLine()
          .getOut()
          .println(
              r.action()
                  + " of step "
                  + r.step()
                  + " of "
                  + run
                  + " by "
                  + r.actor()
                  + " at "
                  + r.at());
      return ExitCode.OK;
    }
  }
}
