package dev.drrunbooks.schedules;

import dev.drrunbooks.starter.CliException;
import dev.drrunbooks.starter.ConnectionOptions;
import dev.drrunbooks.starter.ExitCode;
import dev.drrunbooks.starter.RunbookClient;
import dev.drrunbooks.starter.RunbookDefaults;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook schedules apply|list|pause|unpause|trigger}: the drill programme and backups as
 * Temporal Schedules; a single schedule paused, resumed or run now (with the schedule's own overlap
 * policy: a drill still running is not doubled).
 */
@Command(
    name = "schedules",
    description =
        "Create or update the drill and backup schedules of runbooks/drills.yaml on the server"
            + " (apply), show them (list), pause or unpause one, or run one now (trigger)."
            + " Needs a Temporal server with the Schedules API (./runbook dev).",
    mixinStandardHelpOptions = true)
public class SchedulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "apply, list, pause, unpause or trigger")
  String action;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ID",
      description = "The schedule (pause, unpause, trigger), e.g. drill-monthly-app-failure.")
  String id;

  @Option(names = "--as", description = "Who pauses or unpauses; recorded in the schedule's note.")
  String actor;

  @Option(names = "--reason", description = "Why; recorded in the schedule's note.")
  String reason;

  @Option(
      names = "--drills",
      description = "The drill programme (env RUNBOOK_DRILLS, default ${DEFAULT-VALUE}).")
  Path drills = RunbookDefaults.besideProfiles("RUNBOOK_DRILLS", "drills.yaml");

  @Override
  public Integer call() {
    List<String> actions = List.of("apply", "list", "pause", "unpause", "trigger");
    if (!actions.contains(action)) {
      throw new CliException(
          ExitCode.BAD_INPUT,
          "ACTION must be one of " + String.join(", ", actions) + " (was " + action + ")");
    }
    boolean one = List.of("pause", "unpause", "trigger").contains(action);
    if (one && (id == null || id.isBlank())) {
      throw new CliException(
          ExitCode.BAD_INPUT, action + " needs the schedule's id; './runbook schedules list'");
    }
    DrillPlan plan;
    try {
      plan = DrillPlan.load(drills);
    } catch (IllegalArgumentException bad) {
      throw new CliException(ExitCode.BAD_INPUT, bad.getMessage());
    }
    var out = spec.commandLine().getOut();
    try (RunbookClient client = connection.connect()) {
      ScheduleClient schedules =
          ScheduleClient.newInstance(
              client.workflowClient().getWorkflowServiceStubs(),
              ScheduleClientOptions.newBuilder().setNamespace(connection.namespace()).build());
      try {
        if (one) {
          return single(schedules, plan, out);
        }
        if ("apply".equals(action)) {
          DrillSchedules.apply(plan, connection.taskQueue(), DrillSchedules.temporal(schedules))
              .forEach(out::println);
          return ExitCode.OK;
        }
        DrillSchedules.Store store = DrillSchedules.temporal(schedules);
        for (DrillPlan.Scheduled e : plan.all()) {
          if (!store.exists(e.id())) {
            out.println(e.id() + ": not applied (./runbook schedules apply)");
            continue;
          }
          ScheduleDescription d = schedules.getHandle(e.id()).describe();
          out.println(
              e.id()
                  + ": "
                  + DrillSchedules.describe(e)
                  + (d.getSchedule().getState().isPaused() ? ", PAUSED" : "")
                  + "; next "
                  + d.getInfo().getNextActionTimes().stream()
                      .findFirst()
                      .map(Object::toString)
                      .orElse("none")
                  + "; "
                  + d.getInfo().getNumActions()
                  + " run so far");
        }
        return ExitCode.OK;
      } catch (DrillSchedules.NoSchedulesApi none) {
        throw new CliException(ExitCode.REFUSED, none.getMessage());
      }
    }
  }

  /** Pauses, unpauses or triggers one schedule of the plan. */
  private int single(ScheduleClient schedules, DrillPlan plan, java.io.PrintWriter out) {
    if (plan.all().stream().noneMatch(e -> e.id().equals(id))) {
      throw new CliException(
          ExitCode.BAD_INPUT,
          "no schedule '"
              + id
              + "' in "
              + drills
              + "; known: "
              + String.join(", ", plan.all().stream().map(DrillPlan.Scheduled::id).toList()));
    }
    if (!DrillSchedules.temporal(schedules).exists(id)) {
      throw new CliException(
          ExitCode.NOT_FOUND, "schedule " + id + " is not applied: './runbook schedules apply'");
    }
    var handle = schedules.getHandle(id);
    String note =
        action
            + " by "
            + (actor == null || actor.isBlank() ? dev.drrunbooks.starter.CliInput.osUser() : actor)
            + (reason == null || reason.isBlank() ? "" : ": " + reason);
    switch (action) {
      case "pause" -> handle.pause(dev.drrunbooks.text.Untrusted.line(note));
      case "unpause" -> handle.unpause(dev.drrunbooks.text.Untrusted.line(note));
      default -> handle.trigger();
    }
    out.println(
        switch (action) {
          case "pause" -> "Paused " + id + " (" + note + ")";
          case "unpause" -> "Unpaused " + id + " (" + note + ")";
          default ->
              "Triggered "
                  + id
                  + " now; a run still going from it is not doubled (overlap SKIP)."
                  + " Follow with './runbook list'.";
        });
    return ExitCode.OK;
  }
}
