package dev.drrunbooks.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a person sends a run besides a query: updates (approve, step, decide, note), cancel and
 * terminate. Each says within {@link #TAKE_WITHIN} whether the run took it, and why not.
 */
final class RunCommands {

  private final RunbookClient runs;

  RunCommands(RunbookClient runs) {
    this.runs = runs;
  }

  /** How long a command waits for a run to take an update or a cancel before it says why not. */
  static final Duration TAKE_WITHIN = Duration.ofSeconds(10);

  /**
   * Sends an update and waits at most {@link #TAKE_WITHIN} for the run's answer. A run that does
   * not answer is not waited on in silence: its history says whether its workflow code fails at
   * every attempt or no worker has picked it up, and the command says so (exit 7 or 6).
   */
  <T> T update(String id, String ifClosed, String name, Class<T> answer, Object request) {
    requireRunning(id, ifClosed);
    // On a thread of its own: the SDK's blocking calls use the common pool, which one waiting
    // update would hold (on 2 cores it has one thread), and the history could not be read.
    java.util.concurrent.CompletableFuture<T> sent = new java.util.concurrent.CompletableFuture<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                sent.complete(
                    runs.call(
                        id,
                        () ->
                            runs.workflowClient()
                                .newUntypedWorkflowStub(id)
                                .update(name, answer, request)));
              } catch (RuntimeException e) {
                sent.completeExceptionally(e);
              }
            },
            "runbook-update");
    sender.setDaemon(true);
    sender.start();
    long deadline = System.nanoTime() + TAKE_WITHIN.toNanos();
    try {
      while (true) {
        try {
          return sent.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
          // A run whose code fails at every attempt will never answer: say so at once.
          if (System.nanoTime() > deadline || runs.historyFacts(id).codeFailing()) {
            sent.cancel(true);
            throw notTaken(id, "the " + name + " update");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.NOT_TAKEN, "interrupted while run " + id + " answered");
    } catch (java.util.concurrent.ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException e) {
        throw e;
      }
      throw new CliException(ExitCode.REFUSED, ServerConnection.rootMessage(failed));
    }
  }

  /** Why a run did not take what was sent within {@link #TAKE_WITHIN}, as the command's error. */
  private CliException notTaken(String id, String what) {
    RunHistoryFacts facts = runs.historyFacts(id);
    if (facts.codeFailing()) {
      return new CliException(
          ExitCode.NOT_TAKEN, what + " was not taken: " + facts.codeFailingMessage(id));
    }
    Instant waiting = facts.taskScheduledUnstarted();
    if (waiting != null && waiting.plus(RunbookClient.WORKER_GRACE).isBefore(Instant.now())) {
      return new CliException(
          ExitCode.NO_WORKER,
          what.equals("the cancel")
              ? "the cancel is recorded, and run "
                  + id
                  + " takes it as soon as a worker picks it up; none has on task queue '"
                  + runs.taskQueue()
                  + "' since "
                  + waiting.truncatedTo(ChronoUnit.SECONDS)
                  + ". Start './runbook worker', or end the run now without its undo steps:"
                  + " './runbook terminate "
                  + id
                  + " --as <name> --reason <why> --force'"
              : runs.noWorkerMessage(id, waiting));
    }
    return new CliException(
        ExitCode.NOT_TAKEN,
        "run "
            + id
            + " did not answer "
            + what
            + " within "
            + TAKE_WITHIN.toSeconds()
            + " s; it may still take it: './runbook status "
            + id
            + "' shows whether it did");
  }

  /**
   * Asks the run to cancel, then watches its history for at most {@link #TAKE_WITHIN} until the
   * run's code has seen the request (it then undoes and ends CANCELED on its own time); a run that
   * does not take it is said, with why (exit 7 or 6). The request stays recorded either way.
   */
  void cancel(String id, dev.drrunbooks.runbook.CancelRequest request) {
    requireRunning(id, "nothing to cancel");
    requireDecider(id, request.actor(), "cancel");
    runs.call(
        id,
        () -> {
          WorkflowStub stub = runs.workflowClient().newUntypedWorkflowStub(id);
          stub.signal(dev.drrunbooks.runbook.RunbookWorkflow.CANCEL_REASON, request);
          stub.cancel("by " + request.describe());
          return null;
        });
    long deadline = System.nanoTime() + TAKE_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      RunHistoryFacts facts = runs.historyFacts(id);
      if (facts.cancelTaken() || facts.codeFailing()) {
        if (facts.codeFailing()) {
          throw notTaken(id, "the cancel");
        }
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw notTaken(id, "the cancel");
  }

  /** Ends the run on the server at once; its code does not run again (no undo). */
  void terminate(String id, String actor, String reason) {
    requireRunning(id, "nothing to terminate");
    requireDecider(id, actor, "terminate");
    runs.call(
        id,
        () -> {
          runs.workflowClient().newUntypedWorkflowStub(id).terminate(reason);
          return null;
        });
  }

  /**
   * Cancel and terminate are decisions like an approval: the actor must be one of the approvers the
   * run wrote into its memo from its own profile (read from the server, so it works while no worker
   * runs). A run that has not loaded its profile yet has changed nothing: any named person may end
   * it.
   */
  private void requireDecider(String id, String actor, String what) {
    List<?> deciders =
        runs.call(
            id,
            () ->
                (List<?>)
                    runs.workflowClient()
                        .newUntypedWorkflowStub(id)
                        .describe()
                        .getMemo(dev.drrunbooks.runbook.Runbook.DECIDERS_MEMO, List.class));
    if (deciders != null && !deciders.contains(actor)) {
      throw new CliException(
          ExitCode.REFUSED,
          "'"
              + actor
              + "' may not "
              + what
              + " run "
              + id
              + ": like approving a gate, ending a recovery is for its service's approvers ("
              + String.join(", ", deciders.stream().map(String::valueOf).toList())
              + ")");
    }
  }

  void requireRunning(String id, String what) {
    WorkflowExecutionStatus status = runs.status(id);
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new CliException(
          ExitCode.REFUSED,
          "run "
              + id
              + " has already finished ("
              + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
              + "); "
              + what);
    }
  }
}
