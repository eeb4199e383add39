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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook schedules apply|list}: the drill programme and backups as Temporal Schedules. */
@Command(
    name = "schedules",
    description =
        "Create or update the drill and backup schedules of runbooks/drills.yaml on the server"
            + " (apply), or show them (list). Needs a Temporal server with the Schedules API.",
    mixinStandardHelpOptions = true)
public class SchedulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ACTION", description = "apply or list")
  String action;

  @Option(
      names = "--drills",
      description = "The drill programme (env RUNBOOK_DRILLS, default ${DEFAULT-VALUE}).")
  Path drills = RunbookDefaults.besideProfiles("RUNBOOK_DRILLS", "drills.yaml");

  @Override
  public Integer call() {
    if (!"apply".equals(action) && !"list".equals(action)) {
      throw new CliException(
          ExitCode.BAD_INPUT, "ACTION must be apply or list (was " + action + ")");
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
}
