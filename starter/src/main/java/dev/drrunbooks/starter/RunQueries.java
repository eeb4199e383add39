package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.text.Untrusted;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the CLI reads of a run: its checklist (progress query, bounded; the history says why when
 * nobody answers), its report, the runs it started, and how the server closed it.
 */
final class RunQueries {

  private final RunbookClient runs;
  private final WorkflowClient queries;

  RunQueries(RunbookClient runs, WorkflowClient queries) {
    this.runs = runs;
    this.queries = queries;
  }

  /**
   * An incident's report: the result of a closed incident (read from its history, no worker
   * needed), or the draft a running one answers with.
   */
  dev.drrunbooks.incident.IncidentReport incidentReport(String id) {
    if (runs.status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return runs.call(
          id,
          () ->
              runs.workflowClient()
                  .newUntypedWorkflowStub(id)
                  .getResult(dev.drrunbooks.incident.IncidentReport.class));
    }
    return answered(
        id,
        () ->
            queries
                .newUntypedWorkflowStub(id)
                .query("report", dev.drrunbooks.incident.IncidentReport.class));
  }

  /** A finished drill's report, from its result (no worker needed). */
  dev.drrunbooks.drill.DrillReport drillReport(String id) {
    return runs.call(
        id,
        () -> {
          try {
            return runs.workflowClient()
                .newUntypedWorkflowStub(id)
                .getResult(dev.drrunbooks.drill.DrillReport.class);
          } catch (io.temporal.client.WorkflowFailedException failed) {
            throw new CliException(
                ExitCode.RUN_FAILED, "drill " + id + " failed: " + failed.getCause().getMessage());
          }
        });
  }

  /**
   * The checklists of the children a run is running now (an incident's recovery and validation), so
   * a watch shows them under their parent; a child no worker answers for is left out.
   */
  List<RunbookProgress> activeChildren(RunbookProgress parent) {
    List<RunbookProgress> children = new java.util.ArrayList<>();
    for (dev.drrunbooks.runbook.StepView s : parent.steps()) {
      if (s.childWorkflowId() != null && !s.status().finished()) {
        try {
          RunbookProgress child = progressIfAnswered(s.childWorkflowId());
          if (child != null) {
            children.add(child);
          }
        } catch (CliException gone) {
          // Ended between the two looks: the parent's line says how.
        }
      }
    }
    return children;
  }

  /** The checklist of one run of a workflow id, current or past. */
  RunbookProgress progress(String id, String runId) {
    if (runId == null) {
      return progress(id);
    }
    return answered(
            id,
            () ->
                queries
                    .newUntypedWorkflowStub(
                        id, java.util.Optional.of(runId), java.util.Optional.empty())
                    .query(dev.drrunbooks.runbook.RunbookWorkflow.PROGRESS, RunbookProgress.class))
        .asOf(Instant.now());
  }

  /**
   * The run's checklist, its elapsed time computed now (the query's stands still while it waits).
   */
  RunbookProgress progress(String id) {
    return answered(
            id,
            () ->
                queries
                    .newUntypedWorkflowStub(id)
                    .query(dev.drrunbooks.runbook.RunbookWorkflow.PROGRESS, RunbookProgress.class))
        .asOf(Instant.now());
  }

  /**
   * A query's answer. Asked first, since a live worker answers in milliseconds; only when it goes
   * unanswered (within {@link #QUERY_TIMEOUT}) is the history read to say why: a run no worker has
   * picked up is {@link ExitCode#NO_WORKER} with the queue and since when.
   */
  private <T> T answered(String id, Supplier<T> query) {
    try {
      return runs.call(id, query);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.REFUSED) {
        RunHistoryFacts facts = runs.historyFacts(id);
        if (facts.codeFailing()) {
          throw new CliException(ExitCode.NOT_TAKEN, facts.codeFailingMessage(id));
        }
        Instant waiting = facts.taskScheduledUnstarted();
        if (waiting != null && waiting.plus(RunbookClient.WORKER_GRACE).isBefore(Instant.now())) {
          throw new CliException(ExitCode.NO_WORKER, runs.noWorkerMessage(id, waiting));
        }
        if (facts.closed() != null) {
          throw new CliException(
              facts.closed().startsWith("COMPLETED") ? ExitCode.OK : ExitCode.RUN_FAILED,
              "run "
                  + id
                  + " is "
                  + Untrusted.line(facts.closed())
                  + "; no worker answered for its checklist, its history is in the Temporal UI");
        }
      }
      throw e;
    }
  }

  /**
   * The progress, or null while no worker answers the query (e.g. the worker is restarting). A run
   * that has ended and that no worker can answer for is reported by its server-side status.
   */
  RunbookProgress progressIfAnswered(String id) {
    RunbookProgress p;
    try {
      p = progress(id);
    } catch (CliException e) {
      // A run that has ended, or whose code fails, is said by answered() from its history. What
      // is left unanswered here waits for a worker, or for a busy one: look again.
      if (e.exitCode() == ExitCode.NO_WORKER
          || (e.exitCode() == ExitCode.REFUSED
              && runs.status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)) {
        return null;
      }
      throw e;
    }
    String closed = closedOnServer(id, p);
    if (closed != null) {
      throw new CliException(
          ExitCode.RUN_FAILED,
          "run "
              + id
              + " is "
              + closed
              + " on the server; its checklist stopped at "
              + p.status()
              + " (a terminated run runs no more code: nothing was undone)");
    }
    return p;
  }

  /**
   * The server-side end of a run whose checklist does not show one (terminated, timed out), or
   * null: a terminated run's code never runs again, so its checklist cannot say it ended.
   */
  String closedOnServer(String id, RunbookProgress p) {
    if (p.status().finished()) {
      return null;
    }
    WorkflowExecutionStatus status = runs.status(id);
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return null;
    }
    String closed = runs.historyFacts(id).closed();
    return closed != null
        ? Untrusted.line(closed)
        : status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }
}
