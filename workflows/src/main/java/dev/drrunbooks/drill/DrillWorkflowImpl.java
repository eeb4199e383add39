package dev.drrunbooks.drill;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentRequest;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.incident.Trigger;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.sandbox.SandboxActivities;
import dev.drrunbooks.sandbox.SandboxCommand;
import dev.drrunbooks.sandbox.SandboxState;
import dev.drrunbooks.sandbox.SandboxStateQuery;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A disaster-recovery drill (plan section 6) in simulation: check the sandbox is in its normal
 * state, inject the scenario's fault, run the initial response on it with the named participants
 * deciding and approving, then put everything back and prove it is back, and report what was
 * achieved against the objectives. The reset is registered before the fault is injected, so a drill
 * that fails or is canceled still leaves the sandbox as it found it.
 */
public class DrillWorkflowImpl extends RunbookWorkflowBase implements DrillWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String CHECK_BASELINE = "check-baseline";
  static final String INJECT = "inject-fault";
  static final String RESPOND = "respond";
  static final String RESTORE = "restore";
  static final String UNDO_FAULT = "undo-fault";
  static final String VERIFY_RESTORED = "verify-restored";
  static final String REPORT = "report";

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the target's profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.required(CHECK_BASELINE, "Check the target is in its normal state")
              .endsRunOn(FailureTypes.CHECK_FAILED),
          Step.required(INJECT, "Inject the scenario's fault"),
          Step.of(RESPOND, "Run the initial response (the IncidentResponse procedure)"),
          Step.required(RESTORE, "Put the target back to its normal state"),
          Step.of(VERIFY_RESTORED, "Prove the target is as it was before the drill"),
          Step.of(REPORT, "Store the drill report"));

  /**
   * How soon the participants look anyway, now that the incident and its recovery signal each gate
   * as it opens: a safety net that looks again after 1, 2, 4, then every 8 quiet minutes, so even a
   * drill that waits its whole bound stays a few hundred events (it was about 8 events every 2 s).
   */
  static final Duration LOOK_ANYWAY_EVERY = Duration.ofMinutes(1);

  static final Duration LONGEST_QUIET_LOOK = Duration.ofMinutes(8);

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));
  private final SandboxActivities sandbox =
      Workflow.newActivityStub(
          SandboxActivities.class, summarised(RunbookOptions.QUICK_API_CALL, "sandbox"));
  private final DrillActivities participants =
      Workflow.newActivityStub(
          DrillActivities.class, summarised(RunbookOptions.QUICK_API_CALL, "participant"));

  private DrillReport report;
  private boolean fixedByHand;

  @WorkflowInit
  public DrillWorkflowImpl(DrillRequest request) {
    super(new Runbook(DrillProcedures.DRILL, request, PLAN));
  }

  @Override
  public DrillReport run(DrillRequest request) {
    return runbook.run(request, () -> drill(request));
  }

  @Override
  public DrillReport report() {
    return report;
  }

  private DrillReport drill(DrillRequest request) {
    Instant started = now();
    Scenario scenario = Scenario.byName(request.scenario());
    ServiceProfile profile =
        runbook.step(
            LOAD_PROFILE,
            () -> profiles.loadProfile(request.service()),
            p -> p.name() + " (" + p.target().name().toLowerCase() + ")");
    refuseUnlessADrillCanRunOn(profile, request.participants());
    ServiceRef primary = ServiceRef.primary(profile);
    runbook.useProfile(profile, primary);
    SandboxStateQuery where = stateQuery(profile, primary);
    String family = profile.ecs().taskFamily();
    String participant = request.participants().get(0);

    SandboxState before = baseline(where);

    // The undo first: whatever happens next, the sandbox goes back.
    runbook.onCleanup(
        INJECT,
        UNDO_FAULT,
        "Put the sandbox back as the drill found it",
        () -> sandbox.control(restore(profile, request, before), primary, family));
    runbook.step(
        INJECT,
        () -> sandbox.control(command("break", profile, request), primary, family),
        s -> s.length() > 200 ? s.substring(0, 199) + "…" : s);

    IncidentReport incident = respond(request, scenario, profile, primary, participant);

    runbook.step(
        RESTORE,
        () -> sandbox.control(restore(profile, request, before), primary, family),
        s -> s.length() > 200 ? s.substring(0, 199) + "…" : s);
    runbook.releaseCleanup(UNDO_FAULT, "reset by step " + RESTORE);
    SandboxState after =
        runbook.step(
            VERIFY_RESTORED,
            () -> {
              SandboxState s = sandbox.state(where);
              if (!DrillVerdict.same(before, s)) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "after the drill: " + s.oneLine() + "; before: " + before.oneLine(),
                    FailureTypes.CHECK_FAILED);
              }
              return s;
            },
            s -> "as before: " + s.oneLine());

    report = DrillVerdict.report(request, scenario, profile, started, incident, before, after);
    DrillReports store =
        Workflow.newActivityStub(
            DrillReports.class, summarised(RunbookOptions.MUTATION, "store the drill report"));
    List<String> stored =
        runbook.step(
            REPORT,
            () -> store.storeDrill(new DrillReports.StoreDrillRequest(report, "local", null)),
            w -> "stored: " + String.join(", ", w));
    report = report.storedAt(stored == null ? List.of() : stored);
    runbook.complete(report.oneLine());
    return report;
  }

  /** A simulation drill breaks only the sandbox, and decides only in its approvers' names. */
  private void refuseUnlessADrillCanRunOn(ServiceProfile profile, List<String> participants) {
    if (profile.target() != ServiceProfile.Target.SANDBOX) {
      throw runbook.refuse(
          "profile "
              + profile.name()
              + " is not a sandbox: a simulation drill breaks only the simulated service");
    }
    for (String p : participants) {
      if (!profile.allowsApprover(p)) {
        throw runbook.refuse(
            "participant '"
                + p
                + "' is not one of "
                + profile.name()
                + "'s approvers ("
                + String.join(", ", profile.approvers())
                + "): the drill decides and approves in the participants' names");
      }
    }
  }

  /** The sandbox must be in its normal state before a fault is injected into it. */
  private SandboxState baseline(SandboxStateQuery where) {
    return runbook.step(
        CHECK_BASELINE,
        () -> {
          SandboxState s = sandbox.state(where);
          if (s.regionOutage() || s.databaseOutage() || s.nameOnStandby()) {
            throw ApplicationFailure.newNonRetryableFailure(
                "the sandbox is not in its normal state ("
                    + s.oneLine()
                    + "); './runbook sandbox reset' first",
                FailureTypes.CHECK_FAILED);
          }
          return s;
        },
        SandboxState::oneLine);
  }

  /**
   * The incident on the injected fault, run as a child; meanwhile the participants look for gates
   * that wait and decide them: the proposal, after fixing by hand what no procedure fixes. Bounded
   * by twice the RTO: a drill that has not recovered by then has failed, and its incident is
   * canceled (undoing what it registered) before the sandbox is reset.
   */
  private IncidentReport respond(
      DrillRequest request,
      Scenario scenario,
      ServiceProfile profile,
      ServiceRef primary,
      String participant) {
    String incidentId =
        request.incidentId() != null
            ? request.incidentId()
            : "DRILL-" + scenario.cliName() + "-" + Workflow.getInfo().getRunId().substring(0, 8);
    IncidentRequest opening =
        new IncidentRequest(
            profile.name(),
            incidentId,
            Trigger.alert("drill", scenario.cliName(), Workflow.getInfo().getWorkflowId(), now()),
            null,
            false,
            "drill: " + scenario.cliName() + " (" + scenario.fault() + " injected)",
            participant,
            null);
    String childId = Procedure.incidentId(primary);
    Map<String, Promise<IncidentReport>> running = new HashMap<>();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () ->
                running.put(
                    childId,
                    Async.function(
                        () ->
                            runbook.child(
                                RESPOND,
                                IncidentResponseWorkflow.class,
                                childId,
                                w -> w.run(opening),
                                IncidentReport::oneLine))));
    scope.run();
    Promise<IncidentReport> incident = running.get(childId);
    long deadline = Workflow.currentTimeMillis() + 2L * profile.objectives().rtoMinutes() * 60_000L;
    // A gate is answered once: looking again finds it still waiting only until the update lands.
    Set<String> answered = new HashSet<>();
    int quietLooks = 0;
    while (!incident.isCompleted()) {
      if (Workflow.currentTimeMillis() >= deadline) {
        scope.cancel();
        Workflow.await(incident::isCompleted);
        throw runbook.endRun(
            "not recovered within twice the RTO ("
                + 2 * profile.objectives().rtoMinutes()
                + " min): the incident was canceled",
            FailureTypes.TIMED_OUT);
      }
      for (DrillActivities.WaitingGate gate : gatesToDecide(childId)) {
        if (answered.add(gate.workflowId() + "#" + gate.gate())) {
          answer(gate, scenario, profile, request, primary, participant);
        }
      }
      Duration look = LOOK_ANYWAY_EVERY.multipliedBy(1L << Math.min(quietLooks, 10));
      look = look.compareTo(LONGEST_QUIET_LOOK) > 0 ? LONGEST_QUIET_LOOK : look;
      long left = Math.max(1, deadline - Workflow.currentTimeMillis());
      boolean heard =
          Workflow.await(
              look.toMillis() < left ? look : Duration.ofMillis(left),
              () -> incident.isCompleted() || runbook.gateBelowWaiting());
      quietLooks = heard ? 0 : quietLooks + 1;
    }
    return incident.get();
  }

  /**
   * A participant answers a gate: the proposal, after fixing by hand (once) what no procedure fixes
   * when the scenario needs it.
   */
  private void answer(
      DrillActivities.WaitingGate gate,
      Scenario scenario,
      ServiceProfile profile,
      DrillRequest request,
      ServiceRef primary,
      String participant) {
    if (scenario.fixedByHand()
        && !fixedByHand
        && gate.gate().startsWith(IncidentResponseWorkflow.DECIDE)) {
      String did =
          sandbox.control(command("heal", profile, request), primary, profile.ecs().taskFamily());
      runbook.note(participant, "fixed by hand before deciding: " + did.split(";")[0]);
      fixedByHand = true;
    }
    String answer =
        participants.approve(
            new DrillActivities.GateApproval(
                gate.workflowId(), gate.gate(), participant, "drill " + scenario.cliName()));
    runbook.note(participant, answer);
  }

  /**
   * The gates to decide now: those the runs below said opened; when none did (a quiet minute, or
   * the first look), the participants look for themselves.
   */
  private List<DrillActivities.WaitingGate> gatesToDecide(String childId) {
    List<DrillActivities.WaitingGate> heard = new ArrayList<>();
    for (dev.drrunbooks.runbook.GateWaiting g : runbook.takeGatesBelow()) {
      heard.add(new DrillActivities.WaitingGate(g.workflowId(), g.gate()));
    }
    if (!heard.isEmpty()) {
      return heard;
    }
    return participants.waitingGates(new DrillActivities.GateQuery(childId));
  }

  /**
   * Back to what the drill found: the revision, task count and known-bad tags of its baseline, not
   * the sandbox's factory state (a drill right after a practice rollback found another revision).
   */
  private static SandboxCommand restore(
      ServiceProfile profile, DrillRequest r, SandboxState before) {
    return new SandboxCommand(
        SandboxCommand.RESTORE, profile.name(), null, r.participants().get(0), before);
  }

  private static SandboxStateQuery stateQuery(ServiceProfile profile, ServiceRef primary) {
    ServiceProfile.Failover f = profile.failover();
    return new SandboxStateQuery(
        primary,
        f == null ? null : ServiceRef.standby(profile),
        profile.ecs().taskFamily(),
        profile.dns() == null ? null : profile.dns().hostedZoneId(),
        profile.dns() == null ? null : profile.dns().recordName(),
        f == null ? null : f.standby().loadBalancerDnsName());
  }

  private static SandboxCommand command(String action, ServiceProfile profile, DrillRequest r) {
    Scenario s = Scenario.byName(r.scenario());
    return new SandboxCommand(
        action, profile.name(), "break".equals(action) ? s.fault() : null, r.participants().get(0));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
