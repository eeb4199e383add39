package dev.drrunbooks.schedules;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the drill programme and the backup schedules into Temporal Schedules and applies them
 * idempotently: a schedule that does not exist is created, one that does is updated to the file's
 * definition; applying twice changes nothing more. Overlap is skipped (a drill still running is
 * never doubled).
 */
final class DrillSchedules {

  /** Where schedules live, as far as applying them goes. */
  public interface Store {
    /** True when the schedule exists. */
    boolean exists(String id);

    void create(String id, Schedule schedule);

    void update(String id, Schedule schedule);
  }

  /** The server has no Schedules API (the embedded test server): said in one line. */
  public static final class NoSchedulesApi extends RuntimeException {
    NoSchedulesApi(String message) {
      super(message);
    }
  }

  private DrillSchedules() {}

  /** The schedule one entry becomes. */
  public static Schedule schedule(DrillPlan plan, DrillPlan.Scheduled entry, String taskQueue) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(entry.workflowType())
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(entry.workflowId())
                        .setTaskQueue(taskQueue)
                        .build())
                .setArguments(entry.request())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.copyOf(entry.cron()))
                .setTimeZoneName("UTC")
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(plan.catchupWindow())
                .setPauseOnFailure(plan.pauseOnFailure())
                .build())
        .setState(
            ScheduleState.newBuilder()
                .setPaused(entry.paused())
                .setNote(entry.description() == null ? entry.id() : entry.description())
                .build())
        .build();
  }

  /** Creates or updates every schedule of the plan; one line per schedule says which. */
  public static List<String> apply(DrillPlan plan, String taskQueue, Store store) {
    List<String> done = new ArrayList<>();
    for (DrillPlan.Scheduled entry : plan.all()) {
      Schedule desired = schedule(plan, entry, taskQueue);
      if (store.exists(entry.id())) {
        store.update(entry.id(), desired);
        done.add("updated " + entry.id() + ": " + describe(entry));
      } else {
        store.create(entry.id(), desired);
        done.add("created " + entry.id() + ": " + describe(entry));
      }
    }
    return done;
  }

  static String describe(DrillPlan.Scheduled e) {
    return e.what()
        + " at "
        + String.join(" | ", e.cron())
        + " UTC"
        + (e.paused() ? " (paused)" : "");
  }

  /** The store over a Temporal server's Schedules API. */
  public static Store temporal(ScheduleClient client) {
    return new Store() {
      @Override
      public boolean exists(String id) {
        try {
          client.getHandle(id).describe();
          return true;
        } catch (ScheduleException | StatusRuntimeException e) {
          Status.Code code = code(e);
          if (code == Status.Code.NOT_FOUND) {
            return false;
          }
          throw translate(e);
        }
      }

      @Override
      public void create(String id, Schedule schedule) {
        try {
          client.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
        } catch (RuntimeException e) {
          throw translate(e);
        }
      }

      @Override
      public void update(String id, Schedule schedule) {
        try {
          client.getHandle(id).update(input -> new ScheduleUpdate(schedule));
        } catch (RuntimeException e) {
          throw translate(e);
        }
      }
    };
  }

  private static Status.Code code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
    }
    return null;
  }

  private static RuntimeException translate(RuntimeException e) {
    if (code(e) == Status.Code.UNIMPLEMENTED) {
      return new NoSchedulesApi(
          "this Temporal server has no Schedules API (the embedded dev server is Temporal's Java"
              + " test server, which has none): apply the drill schedules against a Temporal"
              + " cluster; './runbook drill SCENARIO' runs one now");
    }
    return e;
  }
}
