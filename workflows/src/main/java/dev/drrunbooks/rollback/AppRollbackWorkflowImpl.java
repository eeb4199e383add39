package dev.drrunbooks.rollback;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.rollback.AppRollbackResult.Outcome;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.RevisionQuery;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StableRevision;
import dev.drrunbooks.service.UpdateServiceCommand;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.ServedTraffic;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Application rollback, as the plan writes it (3.1, 5.2.1): check the logs for the cause, roll back
 * to the last known stable version, scale out if needed, verify health.
 */
public class AppRollbackWorkflowImpl extends RunbookWorkflowBase implements AppRollbackWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String READ_ERROR_LOGS = "read-error-logs";
  static final String DESCRIBE_SERVICE = "describe-service";
  static final String ASSESS_HEALTH = "assess-health";
  static final String FIND_STABLE_REVISION = "find-stable-revision";
  static final String APPROVE_ROLLBACK = "approve-rollback";
  static final String UPDATE_SERVICE = "update-service";
  static final String SCALE_OUT = "scale-out";
  static final String WAIT_STEADY_STATE = "wait-steady-state";
  static final String VERIFY_HEALTH = "verify-health";
  static final String MARK_BAD_REVISION = "mark-bad-revision";

  /** Steps added at run time by a gradual rollback: {@code rollout-batch-1}, ... */
  static final String ROLLOUT_BATCH = "rollout-batch-";

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          // A missing log group is worth a person's look, not the end of the rollback.
          Step.of(READ_ERROR_LOGS, "Check CloudWatch logs for the cause"),
          Step.required(DESCRIBE_SERVICE, "Read the service's current deployment")
              .endsRunOn(ServiceChecks.SERVICE_NOT_FOUND),
          Step.of(ASSESS_HEALTH, "Confirm the symptoms: health now"),
          Step.required(FIND_STABLE_REVISION, "Find the last known stable revision")
              .endsRunOn(
                  ServiceChecks.NO_STABLE_REVISION,
                  ServiceChecks.UNKNOWN_REVISION,
                  ServiceChecks.REVISION_REFUSED),
          Step.gate(APPROVE_ROLLBACK, "Approval to roll back"),
          Step.of(UPDATE_SERVICE, "Roll back to the stable revision"),
          Step.of(SCALE_OUT, "Scale out the service, if asked"),
          Step.of(WAIT_STEADY_STATE, "Wait for the deployment to reach steady state"),
          Step.of(VERIFY_HEALTH, "Verify service health"),
          Step.of(MARK_BAD_REVISION, "Tag the bad revision so no rollback picks it again"));

  private static final int MAX_LOG_EVENTS = 500;

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  @WorkflowInit
  public AppRollbackWorkflowImpl(AppRollbackRequest request) {
    super(new Runbook(RollbackProcedures.APP_ROLLBACK, request, PLAN));
  }

  @Override
  public AppRollbackResult run(AppRollbackRequest request) {
    return runbook.run(request, () -> rollback(request));
  }

  private AppRollbackResult rollback(AppRollbackRequest request) {
    // Step 1: the profile, so the exact configuration used is in the history.
    ServiceProfile profile =
        runbook.step(
            LOAD_PROFILE,
            () -> profiles.loadProfile(request.service()),
            p ->
                p.name()
                    + " ("
                    + p.target().name().toLowerCase()
                    + ", "
                    + p.regions().primary()
                    + ")");
    ServiceRef ref = ServiceRef.primary(profile);
    runbook.useProfile(profile, ref);
    return secondPass(request, profile, ref);
  }

  /**
   * The rollback as it is run now: the pre-checks at once, a gate that shows what will change, all
   * at once or in verified batches, health judged on the traffic served after the rollout, and a
   * known-bad tag only with evidence on both sides.
   */
  private AppRollbackResult secondPass(
      AppRollbackRequest request, ServiceProfile profile, ServiceRef ref) {
    String family = profile.ecs().taskFamily();
    if (request.desiredCount() != null
        && request.desiredCount() > profile.ecs().maxDesiredCount()) {
      throw runbook.refuse(
          "desiredCount "
              + request.desiredCount()
              + " is above the profile's ecs.maxDesiredCount "
              + profile.ecs().maxDesiredCount()
              + " for "
              + profile.name());
    }
    String strategy =
        request.strategy() != null ? request.strategy() : profile.ecs().strategyOrDefault();

    // Steps 2-4 at once, all read-only: what the logs say went wrong (plan 3.1: "check CloudWatch
    // logs"), where the service is now, and the symptoms now.
    Branch<LogSummary> logs =
        Branch.of(
            READ_ERROR_LOGS,
            () ->
                checks("read error logs of " + profile.logs().logGroup())
                    .recentErrors(logQuery(ref, profile)),
            LogSummary::oneLine,
            LogSummary::evidence);
    Branch<ServiceState> describe =
        Branch.of(
            DESCRIBE_SERVICE,
            () -> checks("describe " + ref.service()).describeService(ref),
            ServiceState::oneLine,
            ServiceState::evidence);
    Branch<HealthReport> assess =
        Branch.of(
            ASSESS_HEALTH,
            () -> healthChecks(ref).checkHealth(healthQuery(ref, profile)),
            HealthReport::oneLine,
            HealthReport::evidence);
    Parallel.Results looked = runbook.parallel(List.of(logs, describe, assess));
    LogSummary errors = looked.get(logs);
    ServiceState before = looked.get(describe);
    HealthReport symptoms = looked.get(assess);

    // Task list 1 ("conditional rollback"): an alert that finds the service healthy again rolls
    // nothing back.
    if (healthyForAutomaticTrigger(request, symptoms)) {
      return notNeeded(request, profile, before, symptoms);
    }

    // Step 5: where to go back to; an explicit revision the checks refuse needs --force.
    StableRevision target =
        runbook.step(
            FIND_STABLE_REVISION,
            () ->
                checks("find stable revision of " + family)
                    .findStableRevision(
                        new RevisionQuery(
                            ref,
                            family,
                            before.revision(),
                            request.revisionNumber(),
                            profile.ecs().knownBadTag(),
                            request.revisionFamily(),
                            request.force())),
            r -> ":" + r.revision() + " — " + r.reason(),
            AppRollbackWorkflowImpl::revisionEvidence);
    String targetFamily = target.family() == null ? family : target.family();
    boolean revisionChanges =
        target.revision() != before.revision() || !targetFamily.equals(family);
    int desired = request.desiredCount() != null ? request.desiredCount() : before.desiredCount();
    boolean countChanges =
        request.desiredCount() != null && request.desiredCount() != before.desiredCount();
    Batches batches =
        ServiceProfile.Ecs.GRADUAL.equals(strategy) && revisionChanges
            ? Batches.of(desired, profile.ecs().gradualBatchPercent())
            : null;

    // Step 6: a rollback replaces every running task, so a person decides unless policy allows;
    // a forced revision always waits for a person.
    if (!revisionChanges && !countChanges) {
      runbook.skip(APPROVE_ROLLBACK, "nothing to change: already on :" + target.revision());
    } else {
      runbook.gate(
          APPROVE_ROLLBACK,
          question(
              request, ref, family, before, target, desired, strategy, batches, errors, symptoms),
          request.forced() ? null : policyReason(profile, request));
    }

    // Step 7: the rollback itself (plan 5.2.1: aws ecs update-service --task-definition ...).
    updateService(
        ref,
        targetFamily,
        target.revision(),
        revisionChanges,
        batches == null ? null : batches.maximumPercent());

    // Step 8: more tasks, if asked (plan 3.1: "if needed, scale out").
    scaleOut(ref, request, countChanges);

    // Task list 1, gradual rollback: each batch of new tasks is verified before the next counts.
    if (batches != null) {
      verifyBatches(ref, profile, target.revision(), batches);
    }

    // Step 9: ECS replaces the tasks; wait until one deployment runs every desired task.
    long rolledOutAt = Workflow.currentTimeMillis();
    if (runbook.dryRun()) {
      runbook.skip(WAIT_STEADY_STATE, "dry run: nothing was deployed");
    } else {
      runbook.step(
          WAIT_STEADY_STATE,
          () -> awaitSteadyState(ref, profile, true, targetFamily, target.revision()),
          ServiceState::oneLine);
      rolledOutAt = Workflow.currentTimeMillis();
    }

    // Step 10: plan 3.1, "verify service health", on the traffic the rolled-back service served.
    Instant since = Instant.ofEpochMilli(rolledOutAt);
    HealthReport health =
        runbook.step(
            VERIFY_HEALTH,
            () -> verifyServedTraffic(ref, profile, since),
            HealthReport::oneLine,
            HealthReport::evidence);

    // Step 11: tag the replaced release only with evidence on both sides: the run saw it sick
    // before the rollback and healthy after.
    String tag = profile.ecs().knownBadTag();
    if (!revisionChanges) {
      runbook.skip(MARK_BAD_REVISION, "no revision was replaced");
    } else if (tag == null || tag.isBlank()) {
      runbook.skip(MARK_BAD_REVISION, "the profile sets no ecs.knownBadTag");
    } else if (symptoms == null || !symptoms.unhealthy()) {
      runbook.skip(
          MARK_BAD_REVISION,
          "no symptoms seen before the rollback ("
              + (symptoms == null ? "health not assessed" : symptoms.verdict())
              + "): no evidence that :"
              + before.revision()
              + " was bad");
    } else if (health == null || !health.healthy()) {
      runbook.skip(
          MARK_BAD_REVISION,
          "health not verified: no evidence that :" + before.revision() + " was the cause");
    } else {
      String reason =
          "unhealthy before rollback ("
              + String.join("; ", symptoms.problems())
              + "), healthy on :"
              + target.revision()
              + " after";
      runbook.change(
          MARK_BAD_REVISION,
          "TagResource " + family + ":" + before.revision() + " " + tag + "=true",
          () ->
              changes("tag " + family + ":" + before.revision() + " as known bad")
                  .markRevisionBad(
                      new MarkRevisionCommand(
                          ref,
                          family,
                          before.revision(),
                          tag,
                          "AppRollback " + Workflow.getInfo().getWorkflowId(),
                          reason)),
          ServiceChange::detail);
    }
    return finish(profile, before, target, revisionChanges, countChanges, health);
  }

  /**
   * Task list 1, conditional rollback: an alert about a service that is healthy again rolls nothing
   * back (a person's rollback, or an explicit revision, always goes on).
   */
  private static boolean healthyForAutomaticTrigger(
      AppRollbackRequest request, HealthReport symptoms) {
    return symptoms != null
        && symptoms.healthy()
        && request.automatic()
        && request.revision() == null;
  }

  /**
   * Points the service at {@code family:revision}, all at once or, with a {@code maximumPercent},
   * in batches; skipped when the service is already there.
   */
  private void updateService(
      ServiceRef ref, String family, int revision, boolean changes, Integer maximumPercent) {
    String taskDefinition = family + ":" + revision;
    if (!changes) {
      runbook.skip(UPDATE_SERVICE, "already on " + taskDefinition + ": nothing to do");
      return;
    }
    runbook.change(
        UPDATE_SERVICE,
        "UpdateService "
            + ref
            + " taskDefinition="
            + taskDefinition
            + (maximumPercent == null
                ? ""
                : " maximumPercent=" + maximumPercent + " minimumHealthyPercent=100"),
        () ->
            changes("update service to " + taskDefinition)
                .updateService(new UpdateServiceCommand(ref, family, revision, maximumPercent)),
        ServiceChange::detail);
  }

  /** Scales the service to the requested count, when one was asked for and differs. */
  private void scaleOut(ServiceRef ref, AppRollbackRequest request, boolean countChanges) {
    if (!countChanges) {
      runbook.skip(SCALE_OUT, "not asked");
      return;
    }
    runbook.change(
        SCALE_OUT,
        "UpdateService " + ref + " desiredCount=" + request.desiredCount(),
        () ->
            changes("scale to " + request.desiredCount())
                .scaleService(new ScaleServiceCommand(ref, request.desiredCount())),
        ServiceChange::detail);
  }

  /** The gate's question: what will change, how, and the evidence gathered so far. */
  private static String question(
      AppRollbackRequest request,
      ServiceRef ref,
      String family,
      ServiceState before,
      StableRevision target,
      int desired,
      String strategy,
      Batches batches,
      LogSummary errors,
      HealthReport symptoms) {
    StringBuilder q = new StringBuilder();
    if (request.forced()) {
      q.append("FORCED by ")
          .append(request.requestedBy())
          .append(": \"")
          .append(request.force())
          .append("\" (overrides: ")
          .append(
              target.overridden() == null || target.overridden().isEmpty()
                  ? "none needed"
                  : String.join("; ", target.overridden()))
          .append("). ");
    }
    q.append("Roll back ")
        .append(ref)
        .append(" from ")
        .append(family)
        .append(":")
        .append(before.revision())
        .append(target.currentImage() == null ? "" : " (" + target.currentImage() + ")")
        .append(" to ")
        .append(target.family() == null ? family : target.family())
        .append(":")
        .append(target.revision())
        .append(target.image() == null ? "" : " (" + target.image() + ")")
        .append("? Tasks: ")
        .append(before.desiredCount())
        .append(desired == before.desiredCount() ? "" : " -> " + desired)
        .append(". Strategy: ")
        .append(strategy)
        .append(batches == null ? "" : " (" + batches + ")")
        .append(". Trigger: ")
        .append(request.triggerOrDefault())
        .append(". Health now: ")
        .append(symptoms == null ? "not assessed" : symptoms.oneLine());
    if (errors != null) {
      q.append(". Logs: ").append(errors.oneLine());
    }
    return q.toString();
  }

  /**
   * Follows a gradual rollback batch by batch. ECS starts {@code size} new tasks at a time (the
   * deployment's maximum percent) and stops an old task only when a new one is healthy (minimum
   * healthy percent 100); each batch is a checklist line that passes when its tasks run, none
   * failed, the health URL answers and at least as many targets are healthy as new tasks run. An
   * unhealthy batch fails its step: the run stops there and ECS's deployment circuit breaker, or a
   * person, decides what happens to the deployment.
   */
  private void verifyBatches(
      ServiceRef ref, ServiceProfile profile, int revision, Batches batches) {
    String after = SCALE_OUT;
    for (int i = 1; i <= batches.count(); i++) {
      int goal = Math.min(batches.desired(), i * batches.size());
      runbook.addStep(
          Step.of(
              ROLLOUT_BATCH + i,
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
      after = ROLLOUT_BATCH + i;
    }
    for (int i = 1; i <= batches.count(); i++) {
      String id = ROLLOUT_BATCH + i;
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
    String id = ROLLOUT_BATCH + batch;
    long deadline =
        Workflow.currentTimeMillis() + profile.timings().steadyStateTimeoutMinutes() * 60_000L;
    ServiceChecks poller = checks("poll " + ref.service() + " for batch " + batch);
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
        HealthReport now = healthChecks(ref).checkHealth(instantHealthQuery(ref, profile));
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

  /**
   * Looks at health until the verdict is in: healthy ends the step; "not enough data yet" (no whole
   * metric period since the rollout, or too few requests) and unhealthy keep looking, one look per
   * metric period, until the profile's {@code health.verifyTimeoutSeconds}, since a window that
   * starts at the rollout fills as traffic comes in. A dry run looks once and reports.
   */
  private HealthReport verifyServedTraffic(ServiceRef ref, ServiceProfile profile, Instant since) {
    return ServedTraffic.verify(runbook, VERIFY_HEALTH, ref, profile, since);
  }

  private AppRollbackResult notNeeded(
      AppRollbackRequest request,
      ServiceProfile profile,
      ServiceState before,
      HealthReport symptoms) {
    String why =
        "service is healthy; trigger '"
            + request.triggerOrDefault()
            + "' does not roll back a healthy service";
    runbook.skipRemaining(why);
    runbook.complete(Outcome.NOT_NEEDED + ": " + why);
    return new AppRollbackResult(
        profile.name(),
        Outcome.NOT_NEEDED,
        before.revision(),
        before.revision(),
        true,
        symptoms.oneLine(),
        runbook.elapsedSeconds(),
        profile.objectives().rtoMinutes(),
        runbook.stepViews(),
        runbook.approvals(),
        runbook.plannedActions());
  }

  private AppRollbackResult finish(
      ServiceProfile profile,
      ServiceState before,
      StableRevision target,
      boolean revisionChanges,
      boolean countChanges,
      HealthReport health) {
    String family = profile.ecs().taskFamily();
    Outcome outcome;
    if (runbook.dryRun()) {
      outcome = Outcome.DRY_RUN;
    } else if (!revisionChanges && !countChanges) {
      outcome = Outcome.ALREADY_ON_TARGET;
    } else {
      outcome =
          health != null && health.healthy() ? Outcome.ROLLED_BACK : Outcome.ROLLED_BACK_UNHEALTHY;
    }
    runbook.complete(
        outcome
            + ": "
            + family
            + ":"
            + before.revision()
            + " -> :"
            + target.revision()
            + " in "
            + Durations.format(runbook.elapsedSeconds())
            + " (RTO "
            + profile.objectives().rtoMinutes()
            + " min)");
    return new AppRollbackResult(
        profile.name(),
        outcome,
        before.revision(),
        target.revision(),
        health != null && health.healthy(),
        health == null ? "not verified (skipped)" : health.oneLine(),
        runbook.elapsedSeconds(),
        profile.objectives().rtoMinutes(),
        runbook.stepViews(),
        runbook.approvals(),
        runbook.plannedActions());
  }

  private static Map<String, String> revisionEvidence(StableRevision r) {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("revision", String.valueOf(r.revision()));
    if (r.image() != null) {
      facts.put("image", r.image());
    }
    if (r.overridden() != null && !r.overridden().isEmpty()) {
      facts.put("forcedOver", String.join("; ", r.overridden()));
    }
    return facts;
  }

  private ServiceState awaitSteadyState(
      ServiceRef ref, ServiceProfile profile, boolean fast, String family, int revision) {
    return SteadyState.await(runbook, WAIT_STEADY_STATE, ref, profile, fast, family, revision);
  }

  private static HealthQuery healthQuery(ServiceRef ref, ServiceProfile profile) {
    return ServedTraffic.query(ref, profile);
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

  private static LogQuery logQuery(ServiceRef ref, ServiceProfile profile) {
    return new LogQuery(
        ref,
        profile.logs().logGroup(),
        profile.logs().errorPattern(),
        profile.logs().lookbackMinutes(),
        MAX_LOG_EVENTS);
  }

  private static ServiceChecks healthChecks(ServiceRef ref) {
    return ServedTraffic.probes(ref);
  }

  private static String policyReason(ServiceProfile profile, AppRollbackRequest request) {
    String trigger = request.triggerOrDefault();
    return profile.autoApproves(trigger)
        ? "trigger '" + trigger + "' is in the profile's autoApproveRollbackTriggers"
        : null;
  }

  private static ServiceChecks checks(String summary) {
    return Workflow.newActivityStub(
        ServiceChecks.class, summarised(RunbookOptions.QUICK_API_CALL, summary));
  }

  /** Created only when a change is really made, so a dry run never schedules one. */
  private static ServiceChanges changes(String summary) {
    return Workflow.newActivityStub(
        ServiceChanges.class, summarised(RunbookOptions.MUTATION, summary));
  }
}
