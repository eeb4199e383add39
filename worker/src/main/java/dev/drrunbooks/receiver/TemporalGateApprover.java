package dev.drrunbooks.receiver;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The {@code approve} update, sent to exactly the run a chat button names (its workflow id and its
 * run id, never "whatever runs under this id now"), with the run's answer turned into what the
 * person who clicked is told: refused by the run (403, the run's reason), a run that is over (410),
 * or no answer (503, the click may still be taken; the checklist says).
 */
final class TemporalGateApprover implements ChatApprovals.GateApprover {

  /** A chat platform wants its answer within seconds; the run's validator answers in less. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private final WorkflowClient client;

  /**
   * Threads that send the updates: at most 32 at once (more clicks than that on runs that do not
   * answer are told to try again); idle ones end after a minute, none keeps the JVM alive.
   */
  private static final java.util.concurrent.ExecutorService SENDERS =
      new java.util.concurrent.ThreadPoolExecutor(
          0,
          32,
          1,
          java.util.concurrent.TimeUnit.MINUTES,
          new java.util.concurrent.SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "chat-approval");
            t.setDaemon(true);
            return t;
          });

  TemporalGateApprover(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public ApprovalRecord approve(String workflowId, String runId, ApprovalRequest request) {
    // On the receiver's own threads: the common pool is one thread on two cores, and a click
    // waiting for a run that does not answer would hold every other click behind it.
    CompletableFuture<ApprovalRecord> sent;
    try {
      sent =
          CompletableFuture.supplyAsync(
              () ->
                  client
                      .newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty())
                      .update(
                          dev.drrunbooks.runbook.RunbookWorkflow.APPROVE,
                          ApprovalRecord.class,
                          request),
              SENDERS);
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      throw new ChatApprovals.Refused(
          503, "too many decisions are waiting for their runs to answer; try again in a minute");
    }
    try {
      return sent.get(ANSWER_WITHIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      sent.cancel(true);
      throw new ChatApprovals.Refused(
          503,
          "the run did not answer within "
              + ANSWER_WITHIN.toSeconds()
              + " s (is a worker running?); its checklist shows whether the decision was taken");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatApprovals.Refused(503, "interrupted");
    } catch (ExecutionException failed) {
      throw refusal(workflowId, failed.getCause());
    }
  }

  private static ChatApprovals.Refused refusal(String workflowId, Throwable failure) {
    if (failure instanceof WorkflowUpdateException refused) {
      return new ChatApprovals.Refused(403, rootMessage(refused));
    }
    if (failure instanceof WorkflowNotFoundException || mentionsCompleted(failure)) {
      return new ChatApprovals.Refused(
          410, "that run of " + workflowId + " has ended: this button is for a run that is over");
    }
    return new ChatApprovals.Refused(
        503, "the Temporal server did not take the decision: " + rootMessage(failure));
  }

  private static boolean mentionsCompleted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("already completed") || m.contains("NOT_FOUND"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    return inner instanceof ApplicationFailure af ? af.getOriginalMessage() : inner.getMessage();
  }
}
