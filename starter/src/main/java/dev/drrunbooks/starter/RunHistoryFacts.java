package dev.drrunbooks.starter;

import dev.drrunbooks.text.Untrusted;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.List;

/**
 * What a run's history says about the run that its own code cannot say: that no worker has started
 * its workflow task, that its workflow code fails at every attempt (a bug, or a worker on code that
 * no longer matches the run), whether it has taken a cancel, and, once it is over, how it ended on
 * the server (who terminated it, and why). Read from the history, which every server keeps (the
 * Java test server too); one fetch answers all of them.
 */
record RunHistoryFacts(
    Instant taskScheduledUnstarted,
    Instant failingSince,
    String failure,
    boolean cancelRequested,
    boolean cancelTaken,
    String closed) {

  static RunHistoryFacts of(List<HistoryEvent> events) {
    Instant scheduled = null;
    Instant failingSince = null;
    String failure = null;
    boolean cancelRequested = false;
    boolean cancelTaken = false;
    String closed = null;
    for (HistoryEvent event : events) {
      Instant at = timeOf(event);
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> scheduled = scheduled == null ? at : scheduled;
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> scheduled = null;
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          failingSince = null;
          failure = null;
          cancelTaken = cancelRequested;
        }
        case EVENT_TYPE_WORKFLOW_TASK_FAILED -> {
          var failed = event.getWorkflowTaskFailedEventAttributes();
          if (isCodeFailure(failed.getCause())) {
            failingSince = failingSince == null ? at : failingSince;
            failure = innermost(failed.getFailure());
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> cancelRequested = true;
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> closed = "COMPLETED at " + seconds(at);
        case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
            closed =
                "FAILED at "
                    + seconds(at)
                    + ": "
                    + event.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage();
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> closed = "CANCELED at " + seconds(at);
        case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
            closed = "TIMED_OUT at " + seconds(at) + ": it ran past its execution timeout";
        case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
          var t = event.getWorkflowExecutionTerminatedEventAttributes();
          closed =
              "TERMINATED at "
                  + seconds(at)
                  + (t.getIdentity().isBlank() ? "" : " (client " + t.getIdentity() + ")")
                  + (t.getReason().isBlank() ? "" : ": " + t.getReason());
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
            closed = "CONTINUED_AS_NEW at " + seconds(at);
        default -> {}
      }
      if (closed != null) {
        scheduled = null;
        failingSince = null;
        failure = null;
      }
    }
    return new RunHistoryFacts(
        scheduled, failingSince, failure, cancelRequested, cancelTaken || closed != null, closed);
  }

  /**
   * The causes that mean the run's own code cannot go on (and will not until a worker runs other
   * code), not the passing ones: a signal that raced a completion, a sticky cache reset.
   */
  private static boolean isCodeFailure(WorkflowTaskFailedCause cause) {
    return cause
            == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE
        || cause == WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR;
  }

  /** Whether the run's workflow code fails at every attempt: it takes nothing until it is fixed. */
  boolean codeFailing() {
    return failingSince != null;
  }

  /** The one line that says the run's code fails, since when, why, and what a person can do. */
  String codeFailingMessage(String id) {
    return "run "
        + id
        + "'s workflow code has failed at every attempt since "
        + seconds(failingSince)
        + " ("
        + Untrusted.line(failure)
        + "): it takes no decision, update or cancel until a worker runs code that gets past this"
        + " (the worker's log has the stack). To end it now, without its undo steps:"
        + " './runbook terminate "
        + id
        + " --as <name> --reason <why> --force'";
  }

  /** The failure's root: the SDK wraps the code's own exception in its own message. */
  private static String innermost(io.temporal.api.failure.v1.Failure failure) {
    io.temporal.api.failure.v1.Failure root = failure;
    while (root.hasCause()) {
      root = root.getCause();
    }
    String type =
        root.hasApplicationFailureInfo() ? root.getApplicationFailureInfo().getType() : "";
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return simple.isEmpty() ? root.getMessage() : simple + ": " + root.getMessage();
  }

  private static Instant timeOf(HistoryEvent event) {
    return Instant.ofEpochSecond(
        event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  private static Instant seconds(Instant at) {
    return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }
}
