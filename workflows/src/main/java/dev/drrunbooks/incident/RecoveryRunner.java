package dev.drrunbooks.incident;

import dev.drrunbooks.failover.FailbackWorkflow;
import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.failover.RegionFailoverResult;
import dev.drrunbooks.failover.RegionFailoverWorkflow;
import dev.drrunbooks.restore.DataRestoreRequest;
import dev.drrunbooks.restore.DataRestoreResult;
import dev.drrunbooks.restore.DataRestoreWorkflow;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackResult;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RecoveryOutcome;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.validation.ValidationReport;
import dev.drrunbooks.validation.ValidationRequest;
import dev.drrunbooks.validation.ValidationWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * Runs the recovery the commander chose as a child workflow, as a step of the incident, and says
 * how it ended: completed with the child's own verdict, or given up by a person after it failed.
 */
final class RecoveryRunner {

  private final Runbook runbook;
  private final IncidentRequest opened;
  private final ServiceRef resource;
  private final String by;
  private final Instant detected;
  private RecoveryRun done;

  RecoveryRunner(Runbook runbook, IncidentRequest opened, ServiceRef resource) {
    this.runbook = runbook;
    this.opened = opened;
    this.resource = resource;
    this.by = "incident " + opened.incidentId();
    this.detected = runbook.clockStart();
  }

  RecoveryRun run(String stepId, String procedure) {
    String childId =
        opened.dryRun()
            ? Workflow.getInfo().getWorkflowId() + "/" + procedure + "-dry-run"
            : Procedure.lockId(resource);
    Object result;
    if (Recoveries.APP_ROLLBACK.equals(procedure)) {
      result = rollback(stepId, procedure, childId);
    } else if (Recoveries.DATA_RESTORE.equals(procedure)) {
      result = restore(stepId, procedure, childId);
    } else if (Recoveries.REGION_FAILOVER.equals(procedure)) {
      result =
          regionSwitch(
              stepId,
              procedure,
              childId,
              RegionFailoverWorkflow.class,
              w -> w.run(failoverRequest()));
    } else if (Recoveries.FAILBACK.equals(procedure)) {
      result =
          regionSwitch(
              stepId, procedure, childId, FailbackWorkflow.class, w -> w.run(failoverRequest()));
    } else {
      throw new IllegalStateException("no recovery named " + procedure);
    }
    return result == null || done == null ? givenUp(stepId, procedure) : done;
  }

  private AppRollbackResult rollback(String stepId, String procedure, String childId) {
    return runbook.child(
        stepId,
        AppRollbackWorkflow.class,
        childId,
        w -> {
          AppRollbackResult r =
              w.run(
                  new AppRollbackRequest(
                      opened.service(),
                      null,
                      null,
                      opened.dryRun(),
                      opened.incidentId(),
                      rollbackTrigger(),
                      by,
                      detected,
                      null,
                      null));
          done = completed(procedure, stepId, childId, r, r.approvals(), null);
          return r;
        },
        r -> r.outcome() + " " + r.fromRevision() + " -> " + r.toRevision());
  }

  private DataRestoreResult restore(String stepId, String procedure, String childId) {
    return runbook.child(
        stepId,
        DataRestoreWorkflow.class,
        childId,
        w -> {
          DataRestoreResult r =
              w.run(
                  new DataRestoreRequest(
                      opened.service(),
                      opened.dryRun(),
                      opened.incidentId(),
                      by,
                      detected,
                      opened.reason(),
                      null,
                      null));
          done = completed(procedure, stepId, childId, r, r.approvals(), r.achievedRpoSeconds());
          return r;
        },
        DataRestoreResult::outcome);
  }

  /** A failover or a failback as a child: both take the same request and give the same result. */
  private <W> RegionFailoverResult regionSwitch(
      String stepId,
      String procedure,
      String childId,
      Class<W> workflow,
      java.util.function.Function<W, RegionFailoverResult> run) {
    return runbook.child(
        stepId,
        workflow,
        childId,
        w -> switched(procedure, stepId, childId, run.apply(w)),
        r -> r.outcome() + " " + r.fromRegion() + " -> " + r.toRegion());
  }

  /** A failover or failback ended: healthy unless its validation failed. */
  private RegionFailoverResult switched(
      String procedure, String stepId, String childId, RegionFailoverResult r) {
    done = completed(procedure, stepId, childId, r, r.approvals(), r.measuredRpoSeconds());
    return r;
  }

  private RecoveryRun completed(
      String procedure,
      String stepId,
      String childId,
      RecoveryOutcome outcome,
      List<ApprovalRecord> approvals,
      Long rpoSeconds) {
    String id = view(stepId).childWorkflowId();
    return new RecoveryRun(
        procedure,
        id == null ? childId : id,
        RecoveryRun.COMPLETED,
        outcome.verdict(),
        outcome.succeeded(),
        approvals,
        rpoSeconds);
  }

  /** The step failed and a person skipped it: the last failure says why. */
  private RecoveryRun givenUp(String stepId, String procedure) {
    StepView view = view(stepId);
    String last =
        view.failures().isEmpty()
            ? view.detail()
            : view.failures().get(view.failures().size() - 1).reason();
    return new RecoveryRun(
        procedure,
        view.childWorkflowId(),
        RecoveryRun.SKIPPED,
        "failed and given up: " + last,
        false,
        List.of(),
        null);
  }

  private RegionFailoverRequest failoverRequest() {
    return new RegionFailoverRequest(
        opened.service(),
        opened.dryRun(),
        opened.incidentId(),
        by,
        detected,
        opened.reason() == null ? "incident " + opened.incidentId() : opened.reason());
  }

  /** An alert that is also a rollback trigger lets the rollback's own policy apply. */
  private String rollbackTrigger() {
    Trigger t = opened.triggerOrManual();
    return t.fromAlert() && AppRollbackRequest.TRIGGERS.contains(t.name())
        ? t.name()
        : AppRollbackRequest.MANUAL;
  }

  private StepView view(String stepId) {
    return runbook.stepViews().stream()
        .filter(s -> s.id().equals(stepId))
        .findFirst()
        .orElseThrow();
  }

  /** The Validation procedure as a child, judging traffic from the recovery's end on. */
  ValidationReport validate(int round, Instant since) {
    String stepId = round == 1 ? IncidentResponseWorkflowImpl.VALIDATE : "validate-" + round;
    if (round > 1) {
      runbook.addStep(Step.of(stepId, "Validate again (the Validation procedure)"), null);
    }
    return runbook.child(
        stepId,
        ValidationWorkflow.class,
        Workflow.getInfo().getWorkflowId() + "/validation-" + round,
        w ->
            w.run(
                new ValidationRequest(
                    opened.service(),
                    opened.incidentId(),
                    "incident " + opened.incidentId(),
                    runbook.clockStart(),
                    opened.dryRun(),
                    since)),
        ValidationReport::oneLine);
  }
}
