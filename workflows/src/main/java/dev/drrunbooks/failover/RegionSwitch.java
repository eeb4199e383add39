package dev.drrunbooks.failover;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.Failovers;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StartServiceCommand;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.ServedTraffic;
import dev.drrunbooks.validation.ValidationReport;
import dev.drrunbooks.validation.ValidationRequest;
import dev.drrunbooks.validation.ValidationWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving the public name between the two copies of the service, from workflow code: what a failover
 * and a failback share. Each write is the caller's step; the guards here keep a healthy target
 * behind the name whatever happens.
 */
final class RegionSwitch {

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

  /**
   * One copy of the service: where it runs, how its health is judged, and where the name points to
   * reach it.
   */
  record Side(String name, String region, ServiceRef ref, HealthQuery health, DnsTarget target) {}

  private final Runbook runbook;
  private final ServiceProfile profile;
  private final DnsQuery record;
  private long steadyAt;
  private long approvedAt;

  RegionSwitch(Runbook runbook, ServiceProfile profile) {
    this.runbook = runbook;
    this.profile = profile;
    this.record = Failovers.record(profile);
  }

  /**
   * The run's first step for either direction: loads the profile (the exact configuration lands in
   * the history), holds the primary service, and refuses a profile without a failover section
   * before anything else happens.
   */
  static ServiceProfile loadProfile(
      Runbook runbook,
      dev.drrunbooks.profile.ProfileActivities profiles,
      String stepId,
      String service,
      boolean back,
      String procedure) {
    ServiceProfile profile =
        runbook.step(
            stepId,
            () -> profiles.loadProfile(service),
            p ->
                p.name()
                    + " ("
                    + p.target().name().toLowerCase()
                    + ", "
                    + (back ? p.regions().standby() : p.regions().primary())
                    + " -> "
                    + (back ? p.regions().primary() : p.regions().standby())
                    + ")");
    runbook.useProfile(profile, ServiceRef.primary(profile));
    if (profile.failover() == null || profile.regions().standby() == null) {
      throw runbook.refuse(
          "profile "
              + profile.name()
              + " has no failover section (standby service, its load balancer, the DNS switch):"
              + " a "
              + procedure
              + " cannot run");
    }
    return profile;
  }

  static Side primary(ServiceProfile profile) {
    ServiceRef ref = ServiceRef.primary(profile);
    return new Side(
        "primary",
        profile.regions().primary(),
        ref,
        ServedTraffic.query(ref, profile),
        Failovers.home(profile));
  }

  static Side standby(ServiceProfile profile) {
    ServiceRef ref = ServiceRef.standby(profile);
    return new Side(
        "standby",
        profile.regions().standby(),
        ref,
        ServedTraffic.standbyQuery(ref, profile),
        Failovers.standbyTarget(profile));
  }

  String recordName() {
    return record.recordName();
  }

  /** When the last {@link #start} saw its copy steady; 0 before. */
  long steadyAt() {
    return steadyAt;
  }

  // --- reads -------------------------------------------------------------------------------

  DnsTarget readRecord() {
    return dns("read " + record.recordName(), RunbookOptions.QUICK_API_CALL).readRecord(record);
  }

  ServiceState describe(Side side) {
    return Workflow.newActivityStub(
            ServiceChecks.class,
            summarised(RunbookOptions.QUICK_API_CALL, "describe " + side.name() + " " + side.ref()))
        .describeService(side.ref());
  }

  /** The copy as it answers now, in one look; an unreachable region is an answer, not an error. */
  String look(Side side) {
    try {
      return oneLook(side.ref()).checkHealth(side.health()).oneLine();
    } catch (ActivityFailure unreachable) {
      return "unreachable: " + Failures.reasonOf(unreachable);
    }
  }

  // --- the steps ---------------------------------------------------------------------------

  /** Starts the copy with {@code count} tasks and a new deployment, then waits for steady state. */
  ServiceState start(String stepId, Side side, int count) {
    Workflow.newActivityStub(
            ServiceChanges.class,
            summarised(RunbookOptions.MUTATION, "start " + side.name() + " " + side.ref()))
        .startService(new StartServiceCommand(side.ref(), count));
    ServiceState steady = SteadyState.await(runbook, stepId, side.ref(), profile, false);
    steadyAt = Workflow.currentTimeMillis();
    return steady;
  }

  /** Never send users to a copy whose targets are not all healthy. */
  HealthReport targetsHealthy(Side side) {
    HealthReport h = ServedTraffic.probes(side.ref()).checkHealth(side.health().targetsOnly());
    if (h.healthyTargets() == 0 || h.healthyTargets() < h.runningCount()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the "
              + side.name()
              + "'s targets are not all healthy; switching now would send users to a broken"
              + " region: "
              + h.oneLine(),
          FailureTypes.CHECK_FAILED);
    }
    return h;
  }

  DnsChange switchTo(Side side, String reason) {
    return dns("switch " + record.recordName(), RunbookOptions.MUTATION)
        .switchRecord(new DnsSwitchCommand(record, side.target(), reason));
  }

  /** Polls Route 53's change with a durable timer until INSYNC, at most {@link #DNS_SYNC_LIMIT}. */
  String awaitInSync(String stepId, DnsChange change) {
    if (!change.changed()) {
      return "nothing was written: already in place";
    }
    DnsRecords poll = dns("poll change " + change.changeId(), RunbookOptions.QUICK_API_CALL);
    long deadline = Workflow.currentTimeMillis() + DNS_SYNC_LIMIT.toMillis();
    long start = Workflow.currentTimeMillis();
    while (true) {
      String status = poll.changeStatus(record, change.changeId());
      runbook.detail(stepId, change.changeId() + " " + status);
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
   * Starts {@code side} in the background (a step that changes the service, skipped in a dry run)
   * and waits at {@code gateId} meanwhile: a start is reversible, and it saves the RTO minutes a
   * service takes to start. A rejected or canceled gate stops the start before the undo runs.
   * Returns once the gate is approved and the start has ended.
   */
  void startWhileGateWaits(
      String startStep, Side side, int count, String wouldDo, String gateId, String question) {
    List<Promise<ServiceState>> started = new ArrayList<>();
    CancellationScope starting =
        Workflow.newCancellationScope(
            () ->
                started.add(
                    Async.function(
                        () ->
                            runbook.change(
                                startStep,
                                wouldDo,
                                () -> start(startStep, side, count),
                                ServiceState::oneLine))));
    starting.run();
    try {
      runbook.gate(gateId, question, null);
    } catch (TemporalFailure rejectedOrCanceled) {
      starting.cancel();
      RunbookOptions.settle(started.get(0));
      throw rejectedOrCanceled;
    }
    approvedAt = Workflow.currentTimeMillis();
    started.get(0).get();
  }

  /** How long before the approval the started copy was already steady (0 if after). */
  long readyBeforeApprovalSeconds() {
    return steadyAt > 0 && steadyAt < approvedAt ? (approvedAt - steadyAt) / 1000 : 0;
  }

  /** What a switch did: null change in a dry run. */
  record Switched(DnsChange change, long inSyncSeconds, HealthReport health, Instant switchedAt) {}

  /**
   * Checks {@code to}'s targets, arms the undo (back to {@code before} only if {@code back} is
   * healthy), switches the name, waits for INSYNC and verifies {@code to} on the traffic served
   * after the switch. In a dry run only records what it would do.
   */
  Switched switchVerified(Steps steps, Side to, Side back, DnsTarget before, String reason) {
    if (runbook.dryRun()) {
      runbook.skip(steps.checkTargets(), "dry run: nothing was started");
    } else {
      runbook.step(
          steps.checkTargets(),
          () -> targetsHealthy(to),
          HealthReport::oneLine,
          HealthReport::evidence);
    }
    runbook.onCleanup(
        steps.switchDns(),
        steps.revertDns(),
        "Point "
            + recordName()
            + " back at the "
            + back.name()
            + ", if the "
            + back.name()
            + " is healthy",
        () -> revertIfHealthy(steps.awaitDns(), before, back, steps.what()));
    DnsChange change =
        runbook.change(
            steps.switchDns(),
            "UPSERT " + recordName() + " -> " + to.target().oneLine(),
            () -> switchTo(to, reason),
            DnsChange::oneLine);
    Instant switchedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    if (change == null) {
      runbook.skip(steps.awaitDns(), "dry run: nothing was written");
      runbook.skip(steps.verify(), "dry run: nothing was switched");
      return new Switched(null, 0, null, switchedAt);
    }
    runbook.step(steps.awaitDns(), () -> awaitInSync(steps.awaitDns(), change), s -> s);
    long inSync = runbook.elapsedSeconds();
    HealthReport health =
        runbook.step(
            steps.verify(),
            () -> ServedTraffic.verify(runbook, steps.verify(), to.health(), profile, switchedAt),
            HealthReport::oneLine,
            HealthReport::evidence);
    return new Switched(change, inSync, health, switchedAt);
  }

  /**
   * The {@code Validation} procedure as a child, on the copy the name now points at, judging
   * traffic only from the switch on; its RTO clock is this run's.
   */
  ValidationReport validate(
      String stepId, RegionFailoverRequest request, Instant switchedAt, String procedure) {
    return runbook.child(
        stepId,
        ValidationWorkflow.class,
        Workflow.getInfo().getWorkflowId() + "/validation",
        v ->
            v.run(
                new ValidationRequest(
                    request.service(),
                    request.incidentId(),
                    procedure + " " + Workflow.getInfo().getWorkflowId(),
                    runbook.clockStart(),
                    false,
                    switchedAt)),
        ValidationReport::oneLine);
  }

  /** The step ids of a switch, as each procedure names them. */
  record Steps(
      String what,
      String checkTargets,
      String switchDns,
      String revertDns,
      String awaitDns,
      String verify) {}

  // --- the undos: never leave the name without a healthy target ----------------------------

  /**
   * Points the name back at {@code back} only if that copy is healthy now; otherwise the name stays
   * where it is and people are told to escalate.
   */
  String revertIfHealthy(String stepId, DnsTarget before, Side back, String what) {
    HealthReport now;
    try {
      now = oneLook(back.ref()).checkHealth(back.health().targetsOnly());
    } catch (ActivityFailure unreachable) {
      now = null;
    }
    if (now == null || now.healthyTargets() == 0) {
      String why =
          "kept "
              + record.recordName()
              + " where it is: the "
              + back.name()
              + " is "
              + (now == null ? "unreachable" : "unhealthy (" + now.oneLine() + ")")
              + "; reverting would leave no healthy target behind the name";
      runbook.notify(Notification.Level.CRITICAL, what + " not reverted: escalate", why);
      return why;
    }
    DnsChange change =
        dns("revert " + record.recordName(), RunbookOptions.MUTATION)
            .switchRecord(new DnsSwitchCommand(record, before, "dr-runbooks: " + what + " undone"));
    awaitInSync(stepId, change);
    return "pointed " + record.recordName() + " back: " + change.oneLine();
  }

  /** Scales a copy back, unless the name points at it (then it is all the users have). */
  String scaleBackUnlessServing(Side side, int count, String what) {
    DnsTarget now = readRecord();
    if (now.sameDestination(side.target())) {
      String why =
          "kept the "
              + side.name()
              + " running: "
              + record.recordName()
              + " points at it ("
              + now.oneLine()
              + ")";
      runbook.notify(Notification.Level.CRITICAL, what, why);
      return why;
    }
    return scale(side, count);
  }

  String scale(Side side, int count) {
    return Workflow.newActivityStub(
            ServiceChanges.class,
            summarised(RunbookOptions.MUTATION, "scale " + side.name() + " " + side.ref()))
        .scaleService(new ScaleServiceCommand(side.ref(), count))
        .detail();
  }

  // --- helpers -----------------------------------------------------------------------------

  /** The standby region's read replica, as both directions of a region switch look at it. */
  static dev.drrunbooks.service.DatabaseReplicas replicas(String summary) {
    return Workflow.newActivityStub(
        dev.drrunbooks.service.DatabaseReplicas.class,
        summarised(RunbookOptions.QUICK_API_CALL, summary));
  }

  private static ServiceChecks oneLook(ServiceRef ref) {
    return Workflow.newActivityStub(
        ServiceChecks.class,
        summarised(ONE_LOOK, "look at " + ref.service() + " in " + ref.region()));
  }

  private static DnsRecords dns(String summary, ActivityOptions options) {
    return Workflow.newActivityStub(DnsRecords.class, summarised(options, summary));
  }
}
