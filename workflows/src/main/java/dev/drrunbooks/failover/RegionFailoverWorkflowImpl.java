package dev.drrunbooks.failover;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.failover.RegionFailoverResult.Outcome;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Durations;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.ProcedureCatalog;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StartServiceCommand;
import dev.drrunbooks.service.SteadyState;
import dev.drrunbooks.validation.ServedTraffic;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
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
  static final String APPROVE_FAILOVER = "approve-failover";
  static final String CHECK_STANDBY_TARGETS = "check-standby-targets";
  static final String SWITCH_DNS = "switch-dns";
  static final String AWAIT_DNS = "await-dns-insync";
  static final String VERIFY = "verify-availability";
  static final String SCALE_BACK_STANDBY = "scale-back-standby";
  static final String REVERT_DNS = "revert-dns";

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
          Step.of(CHECK_STANDBY_TARGETS, "Check the standby's targets are healthy"),
          Step.of(SWITCH_DNS, "Switch DNS to the standby's load balancer"),
          Step.of(AWAIT_DNS, "Wait for Route 53 to report the change INSYNC"),
          Step.of(VERIFY, "Verify availability through the public name"));

  /** How long Route 53 may take to report a change INSYNC (usually under a minute). */
  static final Duration DNS_SYNC_LIMIT = Duration.ofMinutes(5);

  /**
   * One look at a region that may be down: one attempt, thirty seconds. An outage is the expected
   * answer here, not a reason to retry for minutes while the RTO runs.
   */
  private static final ActivityOptions ONE_LOOK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  private long standbySteadyAt;

  @WorkflowInit
  public RegionFailoverWorkflowImpl(RegionFailoverRequest request) {
    super(new Runbook(ProcedureCatalog.REGION_FAILOVER, request, PLAN));
  }

  @Override
  public RegionFailoverResult run(RegionFailoverRequest request) {
    return runbook.run(request, () -> failover(request));
  }

  private RegionFailoverResult failover(RegionFailoverRequest request) {
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
                    + " -> "
                    + p.regions().standby()
                    + ")");
    ServiceRef primary = ServiceRef.primary(profile);
    runbook.useProfile(profile, primary);
    if (profile.failover() == null || profile.regions().standby() == null) {
      throw runbook.refuse(
          "profile "
              + profile.name()
              + " has no failover section (standby service, its load balancer, the DNS switch):"
              + " a region failover cannot run");
    }
    ServiceRef standby = ServiceRef.standby(profile);
    DnsQuery record =
        new DnsQuery(
            primary,
            profile.dns().hostedZoneId(),
            profile.dns().recordName(),
            Failovers.home(profile));
    DnsTarget toStandby = Failovers.standbyTarget(profile);

    // Readiness, all at once and read-only: the standby exists, where the name points (the
    // value the undo restores), and what the primary looks like.
    Runbook.Branch<ServiceState> standbyCheck =
        Runbook.branch(
            CHECK_STANDBY,
            () -> checks("describe standby " + standby).describeService(standby),
            ServiceState::oneLine,
            ServiceState::evidence);
    Runbook.Branch<DnsTarget> dnsCheck =
        Runbook.branch(
            READ_DNS,
            () ->
                dns("read " + record.recordName(), RunbookOptions.QUICK_API_CALL)
                    .readRecord(record),
            DnsTarget::oneLine);
    Runbook.Branch<String> primaryCheck =
        Runbook.branch(ASSESS_PRIMARY, () -> primaryHealth(primary, profile), s -> s);
    Runbook.Results ready = runbook.parallel(List.of(standbyCheck, dnsCheck, primaryCheck));
    ServiceState standbyBefore = ready.get(standbyCheck);
    DnsTarget before = ready.get(dnsCheck);
    String primaryState = ready.get(primaryCheck);
    runbook.skip(
        CHECK_REPLICA,
        "the profile declares no cross-region read replica: the standby serves the data its own"
            + " database holds; run 'validation' after the switch to measure the sync lag");

    if (before.sameDestination(toStandby)) {
      String why =
          record.recordName() + " already points at the standby (" + before.oneLine() + ")";
      runbook.skipRemaining(why);
      runbook.complete(Outcome.ALREADY_ON_STANDBY + ": " + why);
      return result(profile, Outcome.ALREADY_ON_STANDBY, before, before, null, null, 0);
    }

    // The standby starts now, while the gate waits: reversible, and it saves minutes of RTO.
    int previousCount = standbyBefore.desiredCount();
    int count = profile.failover().standby().desiredCount();
    runbook.onCleanup(
        START_STANDBY,
        SCALE_BACK_STANDBY,
        "Scale the standby back to " + previousCount + " task(s) unless the name points at it",
        () -> scaleBackStandby(record, toStandby, standby, previousCount));
    List<Promise<ServiceState>> started = new java.util.ArrayList<>();
    CancellationScope starting =
        Workflow.newCancellationScope(
            () ->
                started.add(
                    Async.function(
                        () ->
                            runbook.change(
                                START_STANDBY,
                                "start "
                                    + standby
                                    + " with "
                                    + count
                                    + " task(s) and a new deployment",
                                () -> startStandby(standby, count, profile),
                                ServiceState::oneLine))));
    starting.run();
    try {
      runbook.gate(
          APPROVE_FAILOVER,
          question(request, profile, before, toStandby, primaryState, standbyBefore, count),
          null);
    } catch (TemporalFailure rejectedOrCanceled) {
      starting.cancel(); // the undo scales the standby back; stop starting it first
      throw rejectedOrCanceled;
    }
    long approvedAt = Workflow.currentTimeMillis();
    started.get(0).get();
    long savedSeconds =
        standbySteadyAt > 0 && standbySteadyAt < approvedAt
            ? (approvedAt - standbySteadyAt) / 1000
            : 0;

    // Never switch to a standby without healthy targets behind its load balancer.
    if (runbook.dryRun()) {
      runbook.skip(CHECK_STANDBY_TARGETS, "dry run: the standby was not started");
    } else {
      runbook.step(
          CHECK_STANDBY_TARGETS,
          () -> standbyTargetsHealthy(standby, profile),
          HealthReport::oneLine,
          HealthReport::evidence);
    }

    runbook.onCleanup(
        SWITCH_DNS,
        REVERT_DNS,
        "Point " + record.recordName() + " back at the primary, if the primary is healthy",
        () -> revertDns(record, before, primary, profile));
    DnsChange change =
        runbook.change(
            SWITCH_DNS,
            "UPSERT " + record.recordName() + " -> " + toStandby.oneLine(),
            () ->
                dns("switch " + record.recordName(), RunbookOptions.MUTATION)
                    .switchRecord(
                        new DnsSwitchCommand(
                            record,
                            toStandby,
                            "dr-runbooks RegionFailover "
                                + Workflow.getInfo().getWorkflowId()
                                + (request.reason() == null ? "" : ": " + request.reason()))),
            DnsChange::oneLine);
    Long inSyncSeconds = null;
    Instant switchedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    if (change == null) {
      runbook.skip(AWAIT_DNS, "dry run: nothing was written");
      runbook.skip(VERIFY, "dry run: nothing was switched");
      runbook.complete(
          Outcome.DRY_RUN + ": would switch " + record.recordName() + " to " + toStandby.oneLine());
      return result(profile, Outcome.DRY_RUN, before, before, null, null, savedSeconds);
    }
    runbook.step(AWAIT_DNS, () -> awaitInSync(record, change, profile), s -> s);
    inSyncSeconds = runbook.elapsedSeconds();

    HealthReport health =
        runbook.step(
            VERIFY,
            () ->
                ServedTraffic.verify(
                    runbook,
                    VERIFY,
                    ServedTraffic.standbyQuery(standby, profile),
                    profile,
                    switchedAt),
            HealthReport::oneLine,
            HealthReport::evidence);

    runbook.complete(
        Outcome.FAILED_OVER
            + ": "
            + record.recordName()
            + " -> "
            + profile.regions().standby()
            + " in "
            + Durations.format(runbook.elapsedSeconds())
            + " (DNS in sync at "
            + Durations.format(inSyncSeconds)
            + "; RTO "
            + profile.objectives().rtoMinutes()
            + " min)");
    return result(
        profile, Outcome.FAILED_OVER, before, toStandby, health, inSyncSeconds, savedSeconds);
  }

  // --- the steps ---------------------------------------------------------------------------

  private ServiceState startStandby(ServiceRef standby, int count, ServiceProfile profile) {
    changes("start standby " + standby, RunbookOptions.MUTATION)
        .startService(new StartServiceCommand(standby, count));
    ServiceState steady = SteadyState.await(runbook, START_STANDBY, standby, profile, false);
    standbySteadyAt = Workflow.currentTimeMillis();
    return steady;
  }

  private HealthReport standbyTargetsHealthy(ServiceRef standby, ServiceProfile profile) {
    HealthQuery instant = ServedTraffic.standbyQuery(standby, profile).targetsOnly();
    HealthReport h = ServedTraffic.probes(standby).checkHealth(instant);
    if (h.healthyTargets() == 0 || h.healthyTargets() < h.runningCount()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the standby's targets are not all healthy; switching now would send users to a broken"
              + " region: "
              + h.oneLine(),
          FailureTypes.CHECK_FAILED);
    }
    return h;
  }

  /** Polls Route 53's change with a durable timer until INSYNC, at most {@link #DNS_SYNC_LIMIT}. */
  private String awaitInSync(DnsQuery record, DnsChange change, ServiceProfile profile) {
    if (!change.changed()) {
      return "nothing was written: already in place";
    }
    DnsRecords poll = dns("poll change " + change.changeId(), RunbookOptions.QUICK_API_CALL);
    long deadline = Workflow.currentTimeMillis() + DNS_SYNC_LIMIT.toMillis();
    long start = Workflow.currentTimeMillis();
    while (true) {
      String status = poll.changeStatus(record, change.changeId());
      runbook.detail(AWAIT_DNS, change.changeId() + " " + status);
      if ("INSYNC".equals(status)) {
        return change.changeId()
            + " INSYNC after "
            + Durations.format((Workflow.currentTimeMillis() - start) / 1000);
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "Route 53 change "
                + change.changeId()
                + " still "
                + status
                + " after "
                + DNS_SYNC_LIMIT.toMinutes()
                + " min",
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(SteadyState.pollInterval(profile, false));
    }
  }

  /**
   * The primary as it answers now, in one look; an unreachable region is the answer, not an error.
   */
  private String primaryHealth(ServiceRef primary, ServiceProfile profile) {
    try {
      return oneLook(primary).checkHealth(ServedTraffic.query(primary, profile)).oneLine();
    } catch (ActivityFailure unreachable) {
      return "unreachable: " + rootMessage(unreachable);
    }
  }

  // --- the undos: never leave the name without a healthy target ----------------------------

  /**
   * Points the name back only at a primary that is healthy now; otherwise the name stays on the
   * standby and people are told.
   */
  private String revertDns(
      DnsQuery record, DnsTarget before, ServiceRef primary, ServiceProfile profile) {
    HealthReport primaryNow;
    try {
      primaryNow =
          oneLook(primary).checkHealth(ServedTraffic.query(primary, profile).targetsOnly());
    } catch (ActivityFailure unreachable) {
      primaryNow = null;
    }
    if (primaryNow == null || primaryNow.healthyTargets() == 0) {
      String why =
          "kept "
              + record.recordName()
              + " on the standby: the primary is "
              + (primaryNow == null ? "unreachable" : "unhealthy (" + primaryNow.oneLine() + ")")
              + "; reverting would leave no healthy target behind the name";
      runbook.notify(Notification.Level.CRITICAL, "Failover not reverted: escalate", why);
      return why;
    }
    DnsChange back =
        dns("revert " + record.recordName(), RunbookOptions.MUTATION)
            .switchRecord(new DnsSwitchCommand(record, before, "dr-runbooks: failover undone"));
    awaitInSync(record, back, profile);
    return "pointed " + record.recordName() + " back: " + back.oneLine();
  }

  /** Scales the standby back, unless the name points at it (then it is all the users have). */
  private String scaleBackStandby(
      DnsQuery record, DnsTarget toStandby, ServiceRef standby, int previousCount) {
    DnsTarget now =
        dns("read " + record.recordName(), RunbookOptions.QUICK_API_CALL).readRecord(record);
    if (now.sameDestination(toStandby)) {
      String why =
          "kept the standby running: "
              + record.recordName()
              + " points at it ("
              + now.oneLine()
              + ")";
      runbook.notify(Notification.Level.CRITICAL, "Standby kept after a failed failover", why);
      return why;
    }
    return changes("scale back standby " + standby, RunbookOptions.MUTATION)
        .scaleService(new ScaleServiceCommand(standby, previousCount))
        .detail();
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
        runbook.plannedActions());
  }

  private static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    return inner instanceof ApplicationFailure af ? af.getOriginalMessage() : inner.getMessage();
  }

  private static ServiceChecks checks(String summary) {
    return Workflow.newActivityStub(
        ServiceChecks.class, summarised(RunbookOptions.QUICK_API_CALL, summary));
  }

  private static ServiceChecks oneLook(ServiceRef ref) {
    return Workflow.newActivityStub(
        ServiceChecks.class,
        summarised(ONE_LOOK, "look at " + ref.service() + " in " + ref.region()));
  }

  /** Created only when a change is really made, so a dry run never schedules one. */
  private static ServiceChanges changes(String summary, ActivityOptions options) {
    return Workflow.newActivityStub(ServiceChanges.class, summarised(options, summary));
  }

  private static DnsRecords dns(String summary, ActivityOptions options) {
    return Workflow.newActivityStub(DnsRecords.class, summarised(options, summary));
  }
}
