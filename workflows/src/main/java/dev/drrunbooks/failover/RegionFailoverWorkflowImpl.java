package dev.drrunbooks.failover;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.failover.RegionFailoverResult.Outcome;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ReplicaQuery;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.ValidationReport;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;

/**
 * Region failover, as the plan writes it (3.3, 5.2.3): start the service in the standby region,
 * update DNS, verify availability. The standby starts while the gate waits (it is reversible, and
 * the RTO is running); the DNS switch waits for a person, never for a policy. Every write has its
 * undo registered first, and the undos keep a healthy target behind the public name whatever
 * happens: the name goes back only to a healthy primary, and the standby is scaled back only when
 * the name does not point at it.
 */
public class RegionFailoverWorkflowImpl extends RunbookWorkflowBase
    implements RegionFailoverWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String CHECK_STANDBY = "check-standby";
  static final String READ_DNS = "read-dns";
  static final String ASSESS_PRIMARY = "assess-primary";
  static final String CHECK_REPLICA = "check-replica";
  static final String START_STANDBY = "start-standby";
  static final String APPROVE_PROMOTE = "approve-promote-replica";
  static final String PROMOTE_REPLICA = "promote-replica";
  static final String APPROVE_FAILOVER = "approve-failover";
  static final String CHECK_STANDBY_TARGETS = "check-standby-targets";
  static final String SWITCH_DNS = "switch-dns";
  static final String AWAIT_DNS = "await-dns-insync";
  static final String VERIFY = "verify-availability";
  static final String VALIDATE = "validate";
  static final String SCALE_BACK_STANDBY = "scale-back-standby";
  static final String REVERT_DNS = "revert-dns";

  /** RDS promotes a replica in minutes; past this a person looks. */
  static final java.time.Duration PROMOTION_LIMIT = java.time.Duration.ofMinutes(30);

  static final RegionSwitch.Steps STEPS =
      new RegionSwitch.Steps(
          "Failover", CHECK_STANDBY_TARGETS, SWITCH_DNS, REVERT_DNS, AWAIT_DNS, VERIFY);

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.required(CHECK_STANDBY, "Check the standby service exists in the standby region")
              .endsRunOn(ServiceChecks.SERVICE_NOT_FOUND),
          Step.required(READ_DNS, "Read where the public name points now")
              .endsRunOn(DnsRecords.RECORD_NOT_FOUND),
          Step.of(ASSESS_PRIMARY, "Assess the primary region (the outage)"),
          Step.of(CHECK_REPLICA, "Check how old the data the standby serves is"),
          Step.of(START_STANDBY, "Start the standby service and wait for steady state"),
          Step.gate(APPROVE_FAILOVER, "Approval to switch DNS to the standby region"),
          Step.gate(APPROVE_PROMOTE, "Approval to promote the read replica (one-way)"),
          Step.of(PROMOTE_REPLICA, "Promote the read replica and wait until it is available"),
          Step.of(CHECK_STANDBY_TARGETS, "Check the standby's targets are healthy"),
          Step.of(SWITCH_DNS, "Switch DNS to the standby's load balancer"),
          Step.of(AWAIT_DNS, "Wait for Route 53 to report the change INSYNC"),
          Step.of(VERIFY, "Verify availability through the public name"),
          Step.of(VALIDATE, "Validate what users now reach (the Validation procedure)"));

  /** The Validation child's report, once the name has moved. */
  private ValidationReport validation;

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  @WorkflowInit
  public RegionFailoverWorkflowImpl(RegionFailoverRequest request) {
    super(new Runbook(FailoverProcedures.REGION_FAILOVER, request, PLAN));
  }

  @Override
  public RegionFailoverResult run(RegionFailoverRequest request) {
    return runbook.run(request, () -> failover(request));
  }

  /** What readiness found: the standby, where the name points, the primary, the replica. */
  private record Ready(
      ServiceState standby, DnsTarget before, String primary, ReplicaState replica) {}

  private RegionFailoverResult failover(RegionFailoverRequest request) {
    // Step 1: the profile, with its failover section.
    ServiceProfile profile =
        RegionSwitch.loadProfile(
            runbook, profiles, LOAD_PROFILE, request.service(), false, "region failover");
    RegionSwitch regions = new RegionSwitch(runbook, profile);
    RegionSwitch.Side primary = RegionSwitch.primary(profile);
    RegionSwitch.Side standby = RegionSwitch.standby(profile);
    ReplicaQuery replica =
        profile.failover().database() == null
            ? null
            : new ReplicaQuery(standby.ref(), profile.failover().database().replicaInstanceId());

    // Steps 2-5: readiness, all at once and read-only.
    Ready ready = readiness(profile, regions, primary, standby, replica);
    DnsTarget before = ready.before();
    if (before.sameDestination(standby.target())) {
      String why =
          regions.recordName() + " already points at the standby (" + before.oneLine() + ")";
      runbook.skipRemaining(why);
      runbook.complete(Outcome.ALREADY_ON_STANDBY + ": " + why);
      return result(profile, Outcome.ALREADY_ON_STANDBY, before, before, null, null, 0);
    }

    // Steps 6-7: the standby starts now, while the gate waits: reversible, and it saves minutes
    // of RTO.
    long savedSeconds = startStandbyWhileAsking(request, profile, regions, standby, ready);

    // Steps 8-9: the replica becomes the standby's database: one-way, so behind a gate of its own.
    promoteReplica(profile, replica, ready.replica());

    // Steps 10-13: never switch to a standby without healthy targets; the undo returns the name
    // only to a healthy primary.
    RegionSwitch.Switched switched =
        regions.switchVerified(
            STEPS,
            standby,
            primary,
            before,
            "dr-runbooks RegionFailover "
                + Workflow.getInfo().getWorkflowId()
                + (request.reason() == null ? "" : ": " + request.reason()));
    if (switched.change() == null) {
      runbook.skip(VALIDATE, "dry run: nothing was switched");
      runbook.complete(
          Outcome.DRY_RUN
              + ": would switch "
              + regions.recordName()
              + " to "
              + standby.target().oneLine());
      return result(profile, Outcome.DRY_RUN, before, before, null, null, savedSeconds);
    }

    // Step 14: the Validation procedure on the copy the name now points at.
    validation = regions.validate(VALIDATE, request, switched.switchedAt(), "RegionFailover");
    runbook.complete(
        Outcome.FAILED_OVER
            + ": "
            + regions.recordName()
            + " -> "
            + profile.regions().standby()
            + " in "
            + Durations.format(runbook.elapsedSeconds())
            + " (DNS in sync at "
            + Durations.format(switched.inSyncSeconds())
            + "; RTO "
            + profile.objectives().rtoMinutes()
            + " min)");
    return result(
        profile,
        Outcome.FAILED_OVER,
        before,
        standby.target(),
        switched.health(),
        switched.inSyncSeconds(),
        savedSeconds);
  }

  /** The standby exists, where the name points (what the undo restores), the primary, the lag. */
  private Ready readiness(
      ServiceProfile profile,
      RegionSwitch regions,
      RegionSwitch.Side primary,
      RegionSwitch.Side standby,
      ReplicaQuery replica) {
    Branch<ServiceState> standbyCheck =
        Branch.of(
            CHECK_STANDBY,
            () -> regions.describe(standby),
            ServiceState::oneLine,
            ServiceState::evidence);
    Branch<DnsTarget> dnsCheck = Branch.of(READ_DNS, regions::readRecord, DnsTarget::oneLine);
    Branch<String> primaryCheck = Branch.of(ASSESS_PRIMARY, () -> regions.look(primary), s -> s);
    List<Branch<?>> readiness = new ArrayList<>(List.of(standbyCheck, dnsCheck, primaryCheck));
    Branch<ReplicaState> replicaCheck =
        replica == null
            ? null
            : Branch.of(
                CHECK_REPLICA, () -> replicaWithinRpo(replica, profile), ReplicaState::oneLine);
    if (replicaCheck == null) {
      runbook.skip(
          CHECK_REPLICA,
          "the profile declares no cross-region read replica: the standby serves the data its"
              + " own database holds; run 'validation' after the switch to measure the sync lag");
    } else {
      readiness.add(replicaCheck);
    }
    Parallel.Results ready = runbook.parallel(readiness);
    return new Ready(
        ready.get(standbyCheck),
        ready.get(dnsCheck),
        ready.get(primaryCheck),
        replicaCheck == null ? null : ready.get(replicaCheck));
  }

  /**
   * Starts the standby in the background while the failover gate waits, its undo armed first;
   * returns how many seconds of RTO the early start saved.
   */
  private long startStandbyWhileAsking(
      RegionFailoverRequest request,
      ServiceProfile profile,
      RegionSwitch regions,
      RegionSwitch.Side standby,
      Ready ready) {
    int previousCount = ready.standby().desiredCount();
    int count = profile.failover().standby().desiredCount();
    runbook.onCleanup(
        START_STANDBY,
        SCALE_BACK_STANDBY,
        "Scale the standby back to " + previousCount + " task(s) unless the name points at it",
        () ->
            regions.scaleBackUnlessServing(
                standby, previousCount, "Standby kept after a failed failover"));
    regions.startWhileGateWaits(
        START_STANDBY,
        standby,
        count,
        "start " + standby.ref() + " with " + count + " task(s) and a new deployment",
        APPROVE_FAILOVER,
        question(
            request,
            profile,
            ready.before(),
            standby.target(),
            ready.primary(),
            ready.standby(),
            count));
    return regions.readyBeforeApprovalSeconds();
  }

  /** Promotes the cross-region replica, behind a gate of its own; skipped without one. */
  private void promoteReplica(
      ServiceProfile profile, ReplicaQuery replica, ReplicaState replicaBefore) {
    if (replica == null) {
      runbook.skip(APPROVE_PROMOTE, "no cross-region read replica in the profile");
      runbook.skip(PROMOTE_REPLICA, "no cross-region read replica in the profile");
      return;
    }
    runbook.gate(
        APPROVE_PROMOTE,
        "Promote "
            + replica.instanceId()
            + " ("
            + profile.regions().standby()
            + ") to a standalone database? It stops replicating from the primary for good: "
            + (replicaBefore == null ? "its state is unknown" : replicaBefore.oneLine())
            + ". Failing back later needs a new replica.",
        null);
    runbook.change(
        PROMOTE_REPLICA,
        "promote " + replica.instanceId() + " (RDS PromoteReadReplica)",
        () -> promote(replica, profile),
        ReplicaState::oneLine);
  }

  // --- the database --------------------------------------------------------------------------

  /**
   * The replica's lag is the data a failover to it would lose: beyond the RPO the step fails and a
   * person decides (retry once it catches up, or skip to accept the loss).
   */
  private ReplicaState replicaWithinRpo(ReplicaQuery replica, ServiceProfile profile) {
    ReplicaState state =
        RegionSwitch.replicas("describe replica " + replica.instanceId()).describeReplica(replica);
    long rpo = profile.objectives().rpoMinutes() * 60L;
    if (!state.promoted() && state.lagSeconds() != null && state.lagSeconds() > rpo) {
      throw ApplicationFailure.newNonRetryableFailure(
          "replica lag "
              + Durations.format(state.lagSeconds())
              + " is beyond the RPO of "
              + profile.objectives().rpoMinutes()
              + " min: a failover now loses more data than allowed ("
              + state.oneLine()
              + ")",
          FailureTypes.CHECK_FAILED);
    }
    return state;
  }

  /** PromoteReadReplica, then polls until the instance is standalone and available. */
  private ReplicaState promote(ReplicaQuery replica, ServiceProfile profile) {
    Workflow.newActivityStub(
            DatabaseReplicas.class,
            summarised(RunbookOptions.MUTATION, "promote " + replica.instanceId()))
        .promoteReplica(replica);
    DatabaseReplicas poll = RegionSwitch.replicas("poll " + replica.instanceId());
    long deadline = Workflow.currentTimeMillis() + PROMOTION_LIMIT.toMillis();
    while (true) {
      ReplicaState state = poll.describeReplica(replica);
      runbook.detail(PROMOTE_REPLICA, state.oneLine());
      if (state.promoted() && state.available()) {
        return state;
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "not promoted and available after "
                + PROMOTION_LIMIT.toMinutes()
                + " min: "
                + state.oneLine(),
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(SteadyState.pollInterval(profile, false));
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private static String question(
      RegionFailoverRequest request,
      ServiceProfile profile,
      DnsTarget before,
      DnsTarget toStandby,
      String primaryState,
      ServiceState standbyBefore,
      int count) {
    return (request.reason() == null ? "" : "Reason: " + request.reason() + ". ")
        + "Switch "
        + profile.dns().recordName()
        + " from "
        + before.oneLine()
        + " to "
        + toStandby.oneLine()
        + " ("
        + profile.regions().standby()
        + ")? Primary ("
        + profile.regions().primary()
        + ") now: "
        + primaryState
        + ". Standby before the run: "
        + standbyBefore.oneLine()
        + "; starting it with "
        + count
        + " task(s). Undo if verification fails: the name goes back only to a healthy primary.";
  }

  private RegionFailoverResult result(
      ServiceProfile profile,
      Outcome outcome,
      DnsTarget before,
      DnsTarget after,
      HealthReport health,
      Long inSyncSeconds,
      long savedSeconds) {
    return new RegionFailoverResult(
        profile.name(),
        outcome,
        profile.regions().primary(),
        profile.regions().standby(),
        before.oneLine(),
        after.oneLine(),
        health == null ? "not verified" : health.oneLine(),
        runbook.elapsedSeconds(),
        inSyncSeconds,
        savedSeconds,
        profile.objectives().rtoMinutes(),
        runbook.stepViews(),
        runbook.approvals(),
        runbook.plannedActions(),
        validation == null ? null : validation.oneLine(),
        validation == null ? null : validation.passed(),
        validation == null ? null : validation.measuredRpoSeconds());
  }
}
