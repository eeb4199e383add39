package dev.drrunbooks.rollback;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.validation.ServedTraffic;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/** A gradual rollback, followed batch by batch: each batch a line of the checklist, verified. */
final class GradualRollout {

  private final Runbook runbook;

  GradualRollout(Runbook runbook) {
    this.runbook = runbook;
  }

  /**
   * Follows a gradual rollback batch by batch. ECS starts {@code size} new tasks at a time (the
   * deployment's maximum percent) and stops an old task only when a new one is healthy (minimum
   * healthy percent 100); each batch is a checklist line that passes when its tasks run, none
   * failed, the health URL answers and at least as many targets are healthy as new tasks run. An
   * unhealthy batch fails its step: the run stops there and ECS's deployment circuit breaker, or a
   * person, decides what happens to the deployment.
   */
  void verifyBatches(ServiceRef ref, ServiceProfile profile, int revision, Batches batches) {
    String after = AppRollbackWorkflowImpl.SCALE_OUT;
    for (int i = 1; i <= batches.count(); i++) {
      int goal = Math.min(batches.desired(), i * batches.size());
      runbook.addStep(
          Step.of(
              AppRollbackWorkflowImpl.ROLLOUT_BATCH + i,
              "Batch "
                  + i
                  + "/"
                  + batches.count()
                  + ": "
                  + goal
                  + " of "
                  + batches.desired()
                  + " tasks on :"
                  + revision
                  + ", verified"),
          after);
      after = AppRollbackWorkflowImpl.ROLLOUT_BATCH + i;
    }
    for (int i = 1; i <= batches.count(); i++) {
      String id = AppRollbackWorkflowImpl.ROLLOUT_BATCH + i;
      int goal = Math.min(batches.desired(), i * batches.size());
      if (runbook.dryRun()) {
        runbook.skip(id, "dry run: nothing was deployed");
        continue;
      }
      int batch = i;
      runbook.step(
          id,
          () -> verifyBatch(ref, profile, revision, batch, goal, batches),
          r -> r,
          r -> Map.of("tasks", goal + "/" + batches.desired()));
    }
  }

  private String verifyBatch(
      ServiceRef ref, ServiceProfile profile, int revision, int batch, int goal, Batches batches) {
    String id = AppRollbackWorkflowImpl.ROLLOUT_BATCH + batch;
    long deadline =
        Workflow.currentTimeMillis() + profile.timings().steadyStateTimeoutMinutes() * 60_000L;
    ServiceChecks poller =
        AppRollbackWorkflowImpl.checks("poll " + ref.service() + " for batch " + batch);
    while (true) {
      ServiceState state = poller.describeService(ref);
      ServiceState.Deployment rollout = state.primary();
      int running = rollout == null || rollout.revision() != revision ? 0 : rollout.runningCount();
      runbook.detail(id, running + "/" + goal + " new tasks running; " + state.oneLine());
      if (state.rolloutFailed() || (rollout != null && rollout.failedTasks() > 0)) {
        throw ApplicationFailure.newFailure(
            "batch "
                + batch
                + "/"
                + batches.count()
                + ": ECS reports failed tasks: "
                + state.oneLine(),
            FailureTypes.CHECK_FAILED);
      }
      if (running >= goal) {
        HealthReport now = ServedTraffic.probes(ref).checkHealth(instantHealthQuery(ref, profile));
        List<String> wrong = new java.util.ArrayList<>();
        if (now.healthUrlStatus() == null
            || now.healthUrlStatus() < 200
            || now.healthUrlStatus() >= 300) {
          wrong.add(
              "health URL answered "
                  + (now.healthUrlStatus() == null ? "nothing" : now.healthUrlStatus()));
        }
        if (now.totalTargets() > 0 && now.healthyTargets() < running) {
          wrong.add(now.healthyTargets() + " healthy targets for " + running + " new tasks");
        }
        if (!wrong.isEmpty()) {
          throw ApplicationFailure.newFailure(
              "batch "
                  + batch
                  + "/"
                  + batches.count()
                  + " unhealthy: "
                  + String.join("; ", wrong)
                  + " ("
                  + now.oneLine()
                  + ")",
              FailureTypes.CHECK_FAILED);
        }
        return running
            + " new tasks running, "
            + now.healthyTargets()
            + "/"
            + now.totalTargets()
            + " targets healthy, health URL "
            + now.healthUrlStatus();
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "batch "
                + batch
                + " not running after "
                + profile.timings().steadyStateTimeoutMinutes()
                + " min: "
                + state.oneLine(),
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(SteadyState.pollInterval(profile, false));
    }
  }

  /** Tasks, targets and health URL only: what can be judged the moment a batch is up. */
  private static HealthQuery instantHealthQuery(ServiceRef ref, ServiceProfile profile) {
    return new HealthQuery(
        ref,
        profile.loadBalancer().targetGroupArn(),
        null,
        null,
        profile.health().url(),
        profile.health().maxErrorRatePercent(),
        profile.health().errorRateWindowMinutes());
  }
}
