package dev.drrunbooks.rollback;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.rollback.AppRollbackResult.Outcome;
import dev.drrunbooks.runbook.Durations;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.ProcedureCatalog;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
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
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;

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

  /**
   * Runs recorded before this change neither confirm the symptoms nor tag the bad revision; they
   * replay with both steps skipped.
   */
  static final String CONFIRM_AND_MARK_CHANGE = "confirm-symptoms-mark-bad-20261121";

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
              .endsRunOn(ServiceChecks.NO_STABLE_REVISION, ServiceChecks.UNKNOWN_REVISION),
          Step.gate(APPROVE_ROLLBACK, "Approval to roll back"),
          Step.of(UPDATE_SERVICE, "Roll back to the stable revision"),
          Step.of(SCALE_OUT, "Scale out the service, if asked"),
          Step.of(WAIT_STEADY_STATE, "Wait for the deployment to reach steady state"),
          Step.of(VERIFY_HEALTH, "Verify service health"),
          Step.of(MARK_BAD_REVISION, "Tag the bad revision so no rollback picks it again"));

  /** Health right after a rollout may still count the bad revision's errors: look a few times. */
  private static final int HEALTH_LOOKS = 3;

  private static final int MAX_LOG_EVENTS = 500;

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  @WorkflowInit
  public AppRollbackWorkflowImpl(AppRollbackRequest request) {
    super(new Runbook(ProcedureCatalog.APP_ROLLBACK, request, PLAN));
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

    // Step 2: what the logs say went wrong (plan 3.1: "check CloudWatch logs").
    runbook.step(
        READ_ERROR_LOGS,
        () ->
            checks("read error logs of " + profile.logs().logGroup())
                .recentErrors(
                    new LogQuery(
                        ref,
                        profile.logs().logGroup(),
                        profile.logs().errorPattern(),
                        profile.logs().lookbackMinutes(),
                        MAX_LOG_EVENTS)),
        LogSummary::oneLine,
        LogSummary::evidence);

    // Step 3: where the service is now.
    ServiceState before =
        runbook.step(
            DESCRIBE_SERVICE,
            () -> checks("describe " + ref.service()).describeService(ref),
            ServiceState::oneLine,
            ServiceState::evidence);

    // Step 4: the symptoms of plan 3.1, now. Task list 1 ("conditional rollback"): an alert that
    // finds the service healthy again rolls nothing back; a person sees the evidence at the gate.
    int version = Workflow.getVersion(CONFIRM_AND_MARK_CHANGE, Workflow.DEFAULT_VERSION, 1);
    HealthReport symptoms = null;
    if (version >= 1) {
      symptoms =
          runbook.step(
              ASSESS_HEALTH,
              () -> healthChecks(ref).checkHealth(healthQuery(ref, profile)),
              HealthReport::oneLine,
              HealthReport::evidence);
    } else {
      runbook.skip(ASSESS_HEALTH, "not part of this run's version");
    }
    if (symptoms != null
        && symptoms.healthy()
        && request.automatic()
        && request.revision() == null) {
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

    // Step 5: where to go back to.
    StableRevision target =
        runbook.step(
            FIND_STABLE_REVISION,
            () ->
                checks("find stable revision of " + profile.ecs().taskFamily())
                    .findStableRevision(
                        new RevisionQuery(
                            ref,
                            profile.ecs().taskFamily(),
                            before.revision(),
                            request.revision(),
                            profile.ecs().knownBadTag())),
            r -> ":" + r.revision() + " — " + r.reason(),
            r -> java.util.Map.of("revision", String.valueOf(r.revision())));

    boolean revisionChanges = target.revision() != before.revision();
    boolean countChanges =
        request.desiredCount() != null && request.desiredCount() != before.desiredCount();
    String family = profile.ecs().taskFamily();

    // Step 6: a rollback replaces every running task, so a person decides unless policy allows.
    if (!revisionChanges && !countChanges) {
      runbook.skip(APPROVE_ROLLBACK, "nothing to change: already on :" + target.revision());
    } else {
      runbook.gate(
          APPROVE_ROLLBACK,
          "Roll back "
              + ref
              + " from "
              + family
              + ":"
              + before.revision()
              + " to "
              + family
              + ":"
              + target.revision()
              + (countChanges ? " and scale to " + request.desiredCount() + " tasks" : "")
              + "? Trigger: "
              + request.triggerOrDefault()
              + (symptoms == null ? "" : ". Health now: " + symptoms.oneLine()),
          policyReason(profile, request));
    }

    // Step 7: the rollback itself (plan 5.2.1: aws ecs update-service --task-definition ...).
    if (revisionChanges) {
      runbook.change(
          UPDATE_SERVICE,
          "UpdateService " + ref + " taskDefinition=" + family + ":" + target.revision(),
          () ->
              changes("update service to " + family + ":" + target.revision())
                  .updateService(new UpdateServiceCommand(ref, family, target.revision())),
          ServiceChange::detail);
    } else {
      runbook.skip(
          UPDATE_SERVICE, "already on " + family + ":" + target.revision() + ": nothing to do");
    }

    // Step 8: more tasks, if asked (plan 3.1: "if needed, scale out").
    if (countChanges) {
      runbook.change(
          SCALE_OUT,
          "UpdateService " + ref + " desiredCount=" + request.desiredCount(),
          () ->
              changes("scale to " + request.desiredCount())
                  .scaleService(new ScaleServiceCommand(ref, request.desiredCount())),
          ServiceChange::detail);
    } else {
      runbook.skip(SCALE_OUT, "not asked");
    }

    // Step 9: ECS replaces the tasks; wait until one deployment runs every desired task.
    if (runbook.dryRun()) {
      runbook.skip(WAIT_STEADY_STATE, "dry run: nothing was deployed");
    } else {
      runbook.step(WAIT_STEADY_STATE, () -> awaitSteadyState(ref, profile), ServiceState::oneLine);
    }

    // Step 10: plan 3.1, "verify service health".
    HealthReport health =
        runbook.step(
            VERIFY_HEALTH,
            () -> verifyHealth(ref, profile),
            HealthReport::oneLine,
            HealthReport::evidence);

    // Step 11: the rollback fixed it, so the release it replaced was bad: tag it, so that the
    // next "last known stable" never lands on it again.
    String tag = profile.ecs().knownBadTag();
    if (version < 1) {
      runbook.skip(MARK_BAD_REVISION, "not part of this run's version");
    } else if (!revisionChanges) {
      runbook.skip(MARK_BAD_REVISION, "no revision was replaced");
    } else if (tag == null || tag.isBlank()) {
      runbook.skip(MARK_BAD_REVISION, "the profile sets no ecs.knownBadTag");
    } else if (health == null || !health.healthy()) {
      runbook.skip(
          MARK_BAD_REVISION,
          "health not verified: no evidence that :" + before.revision() + " was the cause");
    } else {
      runbook.change(
          MARK_BAD_REVISION,
          "TagResource " + family + ":" + before.revision() + " " + tag + "=true",
          () ->
              changes("tag " + family + ":" + before.revision() + " as known bad")
                  .markRevisionBad(new MarkRevisionCommand(ref, family, before.revision(), tag)),
          ServiceChange::detail);
    }

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

  /**
   * Polls DescribeServices from the workflow with a durable timer between polls: a worker crash
   * loses nothing, and each poll's state shows in the checklist. Bounded by the profile's
   * steady-state timeout; a rollout that ECS's circuit breaker fails ends the wait at once.
   */
  private ServiceState awaitSteadyState(ServiceRef ref, ServiceProfile profile) {
    Duration poll = Duration.ofSeconds(Math.max(1, profile.timings().steadyStatePollSeconds()));
    long deadline =
        Workflow.currentTimeMillis() + profile.timings().steadyStateTimeoutMinutes() * 60_000L;
    ServiceChecks poller = checks("poll " + ref.service() + " for steady state");
    while (true) {
      ServiceState state = poller.describeService(ref);
      runbook.detail(WAIT_STEADY_STATE, state.oneLine());
      if (state.steady()) {
        return state;
      }
      if (state.rolloutFailed()) {
        throw ApplicationFailure.newFailure(
            "ECS failed the rollout (circuit breaker): " + state.oneLine(),
            FailureTypes.CHECK_FAILED);
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "not steady after "
                + profile.timings().steadyStateTimeoutMinutes()
                + " min: "
                + state.oneLine(),
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(poll);
    }
  }

  private HealthReport verifyHealth(ServiceRef ref, ServiceProfile profile) {
    HealthQuery query = healthQuery(ref, profile);
    ServiceChecks health = healthChecks(ref);
    HealthReport report = null;
    for (int look = 1; look <= HEALTH_LOOKS; look++) {
      report = health.checkHealth(query);
      runbook.detail(VERIFY_HEALTH, "look " + look + "/" + HEALTH_LOOKS + ": " + report.oneLine());
      if (report.healthy() || runbook.dryRun()) {
        return report;
      }
      if (look < HEALTH_LOOKS) {
        Workflow.sleep(Duration.ofSeconds(Math.max(1, profile.timings().steadyStatePollSeconds())));
      }
    }
    throw ApplicationFailure.newFailure(
        "service unhealthy after " + HEALTH_LOOKS + " looks: " + report.oneLine(),
        FailureTypes.CHECK_FAILED);
  }

  private static HealthQuery healthQuery(ServiceRef ref, ServiceProfile profile) {
    return new HealthQuery(
        ref,
        profile.loadBalancer().targetGroupArn(),
        profile.loadBalancer().loadBalancerArnSuffix(),
        profile.loadBalancer().targetGroupArnSuffix(),
        profile.health().url(),
        profile.health().maxErrorRatePercent(),
        profile.health().errorRateWindowMinutes());
  }

  private static ServiceChecks healthChecks(ServiceRef ref) {
    return Workflow.newActivityStub(
        ServiceChecks.class,
        summarised(RunbookOptions.HEALTH_PROBE, "check health of " + ref.service()));
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
