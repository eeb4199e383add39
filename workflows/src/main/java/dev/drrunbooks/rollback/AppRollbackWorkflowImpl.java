package dev.drrunbooks.rollback;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.rollback.AppRollbackResult.Outcome;
import dev.drrunbooks.runbook.Branch;
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

    // Steps 2-4 at once, all read-only: what the logs say went wrong (plan 3.1: "check CloudWatch
    // logs"), where the service is now, and the symptoms now.
    Looked looked = lookFirst(ref, profile);

    // Task list 1 ("conditional rollback"): an alert that finds the service healthy again rolls
    // nothing back.
    if (healthyForAutomaticTrigger(request, looked.symptoms())) {
      return notNeeded(request, profile, looked.before(), looked.symptoms());
    }

    // Step 5: where to go back to; an explicit revision the checks refuse needs --force.
    Change change = plan(request, profile, ref, looked.before());

    // Step 6: a rollback replaces every running task, so a person decides unless policy allows;
    // a forced revision always waits for a person.
    if (!change.revisionChanges() && !change.countChanges()) {
      runbook.skip(
          APPROVE_ROLLBACK, "nothing to change: already on :" + change.target().revision());
    } else {
      runbook.gate(
          APPROVE_ROLLBACK,
          Change.question(request, ref, looked, change),
          request.forced() ? null : policyReason(profile, request));
    }

    // Steps 7-9: the rollback itself, more tasks if asked, batches verified, steady state.
    Instant since = rollOut(request, profile, ref, change);

    // Step 10: plan 3.1, "verify service health", on the traffic the rolled-back service served.
    HealthReport health =
        runbook.step(
            VERIFY_HEALTH,
            () -> verifyServedTraffic(ref, profile, since),
            HealthReport::oneLine,
            HealthReport::evidence);

    // Step 11: tag the replaced release only with evidence on both sides.
    markBadRevision(profile, ref, looked, change, health);
    return finish(
        profile,
        looked.before(),
        change.target(),
        change.revisionChanges(),
        change.countChanges(),
        health);
  }

  private Looked lookFirst(ServiceRef ref, ServiceProfile profile) {
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
    return new Looked(looked.get(logs), looked.get(describe), looked.get(assess));
  }

  /** The last known stable revision (or the one asked for), and what going there changes. */
  private Change plan(
      AppRollbackRequest request, ServiceProfile profile, ServiceRef ref, ServiceState before) {
    String family = profile.ecs().taskFamily();
    String strategy =
        request.strategy() != null ? request.strategy() : profile.ecs().strategyOrDefault();
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
    return new Change(
        target, family, targetFamily, revisionChanges, countChanges, desired, strategy, batches);
  }

  /**
   * Steps 7-9: the update (plan 5.2.1: aws ecs update-service --task-definition ...), more tasks if
   * asked (plan 3.1: "if needed, scale out"), each batch of a gradual rollback verified before the
   * next counts (task list 1), then the wait until one deployment runs every desired task. Returns
   * when the rollout ended: health is judged on the traffic served from then on.
   */
  private Instant rollOut(
      AppRollbackRequest request, ServiceProfile profile, ServiceRef ref, Change change) {
    Batches batches = change.batches();
    int revision = change.target().revision();
    updateService(
        ref,
        change.targetFamily(),
        revision,
        change.revisionChanges(),
        batches == null ? null : batches.maximumPercent());
    scaleOut(ref, request, change.countChanges());
    if (batches != null) {
      new GradualRollout(runbook).verifyBatches(ref, profile, revision, batches);
    }
    if (runbook.dryRun()) {
      runbook.skip(WAIT_STEADY_STATE, "dry run: nothing was deployed");
    } else {
      runbook.step(
          WAIT_STEADY_STATE,
          () -> awaitSteadyState(ref, profile, true, change.targetFamily(), revision),
          ServiceState::oneLine);
    }
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /**
   * Tags the replaced release as known bad only with evidence on both sides: the run saw it sick
   * before the rollback and healthy after, so the next "last known stable" never lands on it.
   */
  private void markBadRevision(
      ServiceProfile profile, ServiceRef ref, Looked looked, Change change, HealthReport health) {
    String tag = profile.ecs().knownBadTag();
    HealthReport symptoms = looked.symptoms();
    int bad = looked.before().revision();
    String noTag =
        !change.revisionChanges()
            ? "no revision was replaced"
            : tag == null || tag.isBlank()
                ? "the profile sets no ecs.knownBadTag"
                : symptoms == null || !symptoms.unhealthy()
                    ? "no symptoms seen before the rollback ("
                        + (symptoms == null ? "health not assessed" : symptoms.verdict())
                        + "): no evidence that :"
                        + bad
                        + " was bad"
                    : health == null || !health.healthy()
                        ? "health not verified: no evidence that :" + bad + " was the cause"
                        : null;
    if (noTag != null) {
      runbook.skip(MARK_BAD_REVISION, noTag);
      return;
    }
    String family = change.family();
    String reason =
        "unhealthy before rollback ("
            + String.join("; ", symptoms.problems())
            + "), healthy on :"
            + change.target().revision()
            + " after";
    runbook.change(
        MARK_BAD_REVISION,
        "TagResource " + family + ":" + bad + " " + tag + "=true",
        () ->
            changes("tag " + family + ":" + bad + " as known bad")
                .markRevisionBad(
                    new MarkRevisionCommand(
                        ref,
                        family,
                        bad,
                        tag,
                        "AppRollback " + Workflow.getInfo().getWorkflowId(),
                        reason)),
        ServiceChange::detail);
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

  static ServiceChecks checks(String summary) {
    return Workflow.newActivityStub(
        ServiceChecks.class, summarised(RunbookOptions.QUICK_API_CALL, summary));
  }

  /** Created only when a change is really made, so a dry run never schedules one. */
  private static ServiceChanges changes(String summary) {
    return Workflow.newActivityStub(
        ServiceChanges.class, summarised(RunbookOptions.MUTATION, summary));
  }
}
