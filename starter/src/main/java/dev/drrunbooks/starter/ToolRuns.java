package dev.drrunbooks.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.UUID;

/**
 * The short tool workflows the CLI runs on a worker and waits for: revision tags, the sandbox's
 * controls, and the doctor's probe.
 */
final class ToolRuns {

  private final RunbookClient runs;

  ToolRuns(RunbookClient runs) {
    this.runs = runs;
  }

  /**
   * Marks a revision known-bad or removes the mark, through the worker (which holds the AWS
   * credentials), and waits for the answer. Refusals (approver not allowed, unknown revision) are
   * bad input: nothing was changed.
   */
  dev.drrunbooks.service.ServiceChange tagRevision(
      dev.drrunbooks.rollback.RevisionTagRequest request) {
    RunbookClient.requireValid(request.problems());
    String id =
        "revision-tag/"
            + request.service()
            + "/"
            + request.revision()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    return runTool(
        dev.drrunbooks.rollback.RevisionTagWorkflow.TYPE,
        id,
        request,
        dev.drrunbooks.service.ServiceChange.class);
  }

  /** Shows, breaks or resets the worker's practice sandbox, through Temporal. */
  String controlSandbox(dev.drrunbooks.sandbox.SandboxCommand command) {
    RunbookClient.requireValid(command.problems());
    String id =
        "sandbox/"
            + command.serviceOrDefault()
            + "/"
            + command.action()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    return runTool(dev.drrunbooks.sandbox.SandboxControlWorkflow.TYPE, id, command, String.class);
  }

  /**
   * Runs one of the short tool workflows (revision tags, the sandbox) and waits for its answer. A
   * refusal (bad input, unknown service or revision) is exit 2: nothing was changed.
   */
  private <T> T runTool(String type, String id, Object input, Class<T> resultType) {
    WorkflowStub stub =
        runs.workflowClient()
            .newUntypedWorkflowStub(
                type,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(runs.taskQueue())
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
                    .build());
    return runs.call(
        id,
        () -> {
          stub.start(input);
          try {
            return stub.getResult(60, java.util.concurrent.TimeUnit.SECONDS, resultType);
          } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(
                ExitCode.NO_WORKER,
                "no answer within 60 s from a worker on task queue "
                    + runs.taskQueue()
                    + " (run "
                    + id
                    + "); is './runbook worker' running?");
          } catch (io.temporal.client.WorkflowFailedException e) {
            String failure =
                e.getCause() instanceof io.temporal.failure.ApplicationFailure app
                    ? app.getType()
                    : null;
            boolean refused =
                dev.drrunbooks.runbook.FailureTypes.INVALID_INPUT.equals(failure)
                    || dev.drrunbooks.service.ServiceChecks.UNKNOWN_REVISION.equals(failure)
                    || dev.drrunbooks.profile.ProfileActivities.UNKNOWN_SERVICE.equals(failure);
            throw new CliException(
                refused ? ExitCode.BAD_INPUT : ExitCode.RUN_FAILED,
                (refused ? "refused: " : "failed: ") + ServerConnection.rootMessage(e));
          }
        });
  }

  /** How long {@code doctor} waits for a worker to answer its probe. */
  static final Duration DOCTOR_WAIT = Duration.ofSeconds(15);

  /**
   * Runs the {@code Doctor} probe: a worker on the task queue must pick it up and report on itself.
   * Null when none started it within a few seconds or answered within {@link #DOCTOR_WAIT}; the
   * probe is then terminated, so it leaves nothing behind.
   */
  dev.drrunbooks.doctor.WorkerReport probeWorker(dev.drrunbooks.doctor.DoctorRequest what) {
    String id = "doctor/" + UUID.randomUUID();
    WorkflowStub stub =
        runs.workflowClient()
            .newUntypedWorkflowStub(
                dev.drrunbooks.doctor.DoctorWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(runs.taskQueue())
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                    .build());
    return runs.call(
        id,
        () -> {
          stub.start(what);
          long deadline = System.nanoTime() + DOCTOR_WAIT.toNanos();
          try {
            while (System.nanoTime() < deadline) {
              if (runs.waitingForWorkerSince(id) != null) {
                return null;
              }
              try {
                return stub.getResult(
                    1,
                    java.util.concurrent.TimeUnit.SECONDS,
                    dev.drrunbooks.doctor.WorkerReport.class);
              } catch (java.util.concurrent.TimeoutException e) {
                // not yet: look again
              }
            }
            return null;
          } finally {
            try {
              if (runs.status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                stub.terminate("runbook doctor: no worker answered");
              }
            } catch (RuntimeException ignored) {
              // the probe times out by itself within a minute
            }
          }
        });
  }
}
