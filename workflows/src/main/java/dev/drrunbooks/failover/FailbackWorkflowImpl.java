package dev.drrunbooks.failover;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.failover.RegionFailoverResult.Outcome;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ReplicaQuery;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.ValidationReport;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.List;

/**
 * Failback, the failover's reverse with the same gates and checks: the primary is made ready
 * (started while the gate waits), the name goes home only to healthy primary targets, the primary
 * is verified, and only then does the standby go back to idle. The undos keep the same rule: the
 * name goes back to the standby only if the standby is healthy, and the primary is scaled back only
 * if the name does not point at it.
 */
public class FailbackWorkflowImpl extends RunbookWorkflowBase implements FailbackWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String CHECK_PRIMARY = "check-primary";
  static final String READ_DNS = "read-dns";
  static final String ASSESS_STANDBY = "assess-standby";
  static final String CHECK_DATA_HOME = "check-data-home";

  static final String START_PRIMARY = "start-primary";
  static final String APPROVE_FAILBACK = "approve-failback";
  static final String CHECK_PRIMARY_TARGETS = "check-primary-targets";
  static final String SWITCH_DNS = "switch-dns";
  static final String AWAIT_DNS = "await-dns-insync";
  static final String VERIFY = "verify-availability";
  static final String VALIDATE = "validate";
  static final String IDLE_STANDBY = "idle-standby";
  static final String SCALE_BACK_PRIMARY = "scale-back-primary";
  static final String REVERT_DNS = "revert-dns";

  static final RegionSwitch.Steps STEPS =
      new RegionSwitch.Steps(
          "Failback", CHECK_PRIMARY_TARGETS, SWITCH_DNS, REVERT_DNS, AWAIT_DNS, VERIFY);

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.required(CHECK_PRIMARY, "Check the primary service in the primary region")
              .endsRunOn(ServiceChecks.SERVICE_NOT_FOUND),
          Step.required(READ_DNS, "Read where the public name points now")
              .endsRunOn(dev.drrunbooks.service.DnsRecords.RECORD_NOT_FOUND),
          Step.of(ASSESS_STANDBY, "Assess the standby now serving"),
          Step.required(
              CHECK_DATA_HOME,
              "Check the primary's database holds what was written during the failover"),
          Step.of(START_PRIMARY, "Make sure the primary runs its tasks, wait for steady state"),
          Step.gate(APPROVE_FAILBACK, "Approval to switch DNS back to the primary region"),
          Step.of(CHECK_PRIMARY_TARGETS, "Check the primary's targets are healthy"),
          Step.of(SWITCH_DNS, "Switch DNS back to the primary's load balancer"),
          Step.of(AWAIT_DNS, "Wait for Route 53 to report the change INSYNC"),
          Step.of(VERIFY, "Verify availability through the public name"),
          Step.of(VALIDATE, "Validate what users now reach (the Validation procedure)"),
          Step.of(IDLE_STANDBY, "Return the standby to idle"));

  /** The Validation child's report, once the name has moved. */
  private ValidationReport validation;

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  @WorkflowInit
  public FailbackWorkflowImpl(RegionFailoverRequest request) {
    super(new Runbook(FailoverProcedures.FAILBACK, request, PLAN));
  }

  @Override
  public RegionFailoverResult run(RegionFailoverRequest request) {
    return runbook.run(request, () -> failback(request));
  }

  private RegionFailoverResult failback(RegionFailoverRequest request) {
    ServiceProfile profile =
        RegionSwitch.loadProfile(
            runbook, profiles, LOAD_PROFILE, request.service(), true, "failback");
    RegionSwitch regions = new RegionSwitch(runbook, profile);
    RegionSwitch.Side primary = RegionSwitch.primary(profile);
    RegionSwitch.Side standby = RegionSwitch.standby(profile);

    Branch<ServiceState> primaryCheck =
        Branch.of(
            CHECK_PRIMARY,
            () -> regions.describe(primary),
            ServiceState::oneLine,
            ServiceState::evidence);
    Branch<DnsTarget> dnsCheck = Branch.of(READ_DNS, regions::readRecord, DnsTarget::oneLine);
    Branch<String> standbyCheck = Branch.of(ASSESS_STANDBY, () -> regions.look(standby), s -> s);
    Parallel.Results ready = runbook.parallel(List.of(primaryCheck, dnsCheck, standbyCheck));
    ServiceState primaryBefore = ready.get(primaryCheck);
    DnsTarget before = ready.get(dnsCheck);

    if (before.sameDestination(primary.target())) {
      String why =
          regions.recordName() + " already points at the primary (" + before.oneLine() + ")";
      runbook.skipRemaining(why);
      runbook.complete(Outcome.ALREADY_ON_PRIMARY + ": " + why);
      return result(profile, Outcome.ALREADY_ON_PRIMARY, before, before, null, null);
    }

    // Steps 4-6: where the data is; the primary runs its tasks while the gate waits.
    startPrimaryWhileAsking(
        request,
        profile,
        regions,
        primary,
        primaryBefore,
        before,
        ready.get(standbyCheck),
        dataHome(request, profile));

    RegionSwitch.Switched switched =
        regions.switchVerified(
            STEPS,
            primary,
            standby,
            before,
            "dr-runbooks Failback "
                + Workflow.getInfo().getWorkflowId()
                + (request.reason() == null ? "" : ": " + request.reason()));
    if (switched.change() == null) {
      runbook.skip(VALIDATE, "dry run: nothing was switched");
      runbook.change(IDLE_STANDBY, "scale the standby to idle", () -> "", s -> s);
      runbook.complete(
          Outcome.DRY_RUN
              + ": would switch "
              + regions.recordName()
              + " back to "
              + primary.target().oneLine());
      return result(profile, Outcome.DRY_RUN, before, before, null, null);
    }
    long inSyncSeconds = switched.inSyncSeconds();
    HealthReport health = switched.health();
    validation = regions.validate(VALIDATE, request, switched.switchedAt(), "Failback");

    // Verified: nothing to undo any more; the standby goes back to idle.
    idleStandby(profile, regions, standby);

    runbook.complete(
        Outcome.FAILED_BACK
            + ": "
            + regions.recordName()
            + " -> "
            + profile.regions().primary()
            + " in "
            + Durations.format(runbook.elapsedSeconds())
            + " (DNS in sync at "
            + Durations.format(inSyncSeconds)
            + ")");
    return result(profile, Outcome.FAILED_BACK, before, primary.target(), health, inSyncSeconds);
  }

  /** The primary serves, verified: its undos are released and the standby goes idle. */
  private void idleStandby(
      ServiceProfile profile, RegionSwitch regions, RegionSwitch.Side standby) {
    runbook.releaseCleanup(REVERT_DNS, "the primary serves, verified");
    runbook.releaseCleanup(SCALE_BACK_PRIMARY, "the primary serves, verified");
    runbook.change(
        IDLE_STANDBY,
        "scale the standby to " + profile.failover().standby().idleCount() + " task(s)",
        () -> regions.scale(standby, profile.failover().standby().idleCount()),
        s -> s);
  }

  /**
   * The primary keeps its own count through an outage; one left at 0 gets the standby's. It is
   * started while the failback gate waits, with the question that shows both sides and the data.
   */
  private void startPrimaryWhileAsking(
      RegionFailoverRequest request,
      ServiceProfile profile,
      RegionSwitch regions,
      RegionSwitch.Side primary,
      ServiceState primaryBefore,
      DnsTarget before,
      String standbyNow,
      String dataHome) {
    int previousCount = primaryBefore.desiredCount();
    int count = previousCount > 0 ? previousCount : profile.failover().standby().desiredCount();
    runbook.onCleanup(
        START_PRIMARY,
        SCALE_BACK_PRIMARY,
        "Scale the primary back to " + previousCount + " task(s) unless the name points at it",
        () ->
            regions.scaleBackUnlessServing(
                primary, previousCount, "Primary kept after a failed failback"));
    regions.startWhileGateWaits(
        START_PRIMARY,
        primary,
        count,
        "make sure " + primary.ref() + " runs " + count + " task(s)",
        APPROVE_FAILBACK,
        (request.reason() == null ? "" : "Reason: " + request.reason() + ". ")
            + "Switch "
            + regions.recordName()
            + " from "
            + before.oneLine()
            + " back to "
            + primary.target().oneLine()
            + " ("
            + profile.regions().primary()
            + ")? Primary before the run: "
            + primaryBefore.oneLine()
            + ". Standby now: "
            + standbyNow
            + ". Data: "
            + dataHome
            + ". After verification the standby returns to "
            + profile.failover().standby().idleCount()
            + " task(s).");
  }

  /**
   * Where the data is. A failover that promoted the standby's replica left every write since in the
   * standby region: the primary's database lacks them, and switching users back would lose them.
   * Then the failback refuses, before changing anything, saying how to bring the data home, unless
   * the requester confirms it is home ({@code dataBroughtHome}), which the gate's question repeats.
   */
  private String dataHome(RegionFailoverRequest request, ServiceProfile profile) {
    ServiceProfile.Failover.Database replica = profile.failover().database();
    if (replica == null || replica.replicaInstanceId() == null) {
      runbook.skip(CHECK_DATA_HOME, "no replica in the profile: each region has its own data");
      return "no replica in the profile";
    }
    ReplicaQuery query =
        new ReplicaQuery(RegionSwitch.standby(profile).ref(), replica.replicaInstanceId());
    ReplicaState state =
        runbook.step(
            CHECK_DATA_HOME,
            () ->
                RegionSwitch.replicas("describe replica " + replica.replicaInstanceId())
                    .describeReplica(query),
            s -> s.oneLine() + (s.promoted() ? ": it took the writes during the failover" : ""));
    if (state == null || !state.promoted()) {
      return state == null ? "not checked" : "the replica was not promoted: " + state.oneLine();
    }
    if (request.dataBroughtHome()) {
      return replica.replicaInstanceId()
          + " was promoted during the failover; "
          + request.requestedBy()
          + " confirms its data is in the primary's database again";
    }
    String primaryDb =
        profile.database() == null || profile.database().instanceId() == null
            ? "the primary's database"
            : profile.database().instanceId();
    throw runbook.refuse(
        replica.replicaInstanceId()
            + " in "
            + profile.regions().standby()
            + " was promoted during the failover: it holds every write since, and "
            + primaryDb
            + " in "
            + profile.regions().primary()
            + " does not, so switching users back now would lose them. Bring the data home first:"
            + " (1) create a read replica of "
            + replica.replicaInstanceId()
            + " in "
            + profile.regions().primary()
            + " (RDS CreateDBInstanceReadReplica), (2) wait until its lag is within the RPO ("
            + profile.objectives().rpoMinutes()
            + " min), (3) stop the writes and promote it, (4) point the primary's service at it"
            + " (its env file's database host), then run failback again with"
            + " --data-brought-home. Nothing was changed");
  }

  private RegionFailoverResult result(
      ServiceProfile profile,
      Outcome outcome,
      DnsTarget before,
      DnsTarget after,
      HealthReport health,
      Long inSyncSeconds) {
    return new RegionFailoverResult(
        profile.name(),
        outcome,
        profile.regions().standby(),
        profile.regions().primary(),
        before.oneLine(),
        after.oneLine(),
        health == null ? "not verified" : health.oneLine(),
        runbook.elapsedSeconds(),
        inSyncSeconds,
        0,
        profile.objectives().rtoMinutes(),
        runbook.stepViews(),
        runbook.approvals(),
        runbook.plannedActions(),
        validation == null ? null : validation.oneLine(),
        validation == null ? null : validation.passed(),
        validation == null ? null : validation.measuredRpoSeconds());
  }
}
