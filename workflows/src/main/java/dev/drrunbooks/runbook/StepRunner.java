package dev.drrunbooks.runbook;

import static dev.drrunbooks.runbook.Runbook.LOG_STEP;
import static dev.drrunbooks.runbook.Runbook.RUNBOOK_ACTOR;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import dev.drrunbooks.text.Durations;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs a step as a line of the checklist: started, done with its description and evidence, or
 * failed. A failed step either ends the run (its type says waiting cannot help: refused when
 * nothing was changed yet) or waits for a person's retry, skip or abort, reminding while nobody
 * decides.
 */
final class StepRunner {

  private final RunState state;

  /** True once a step that changes something has been started (never in a dry run). */
  private boolean changed;

  StepRunner(RunState state) {
    this.state = state;
  }

  /** From now on a failure that ends the run is a failure, no longer a refusal. */
  void changed() {
    changed = true;
  }

  <T> T run(
      String id,
      Supplier<T> action,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    Step def = state.timeline.def(id);
    try {
      while (true) {
        // Log lines of this step, and of its activities (their headers carry it), name the step;
        // set at each attempt, since a retry comes after the thread waited for a decision.
        MDC.put(LOG_STEP, id);
        state.timeline.record(
            Type.STEP_STARTED,
            id,
            RUNBOOK_ACTOR,
            null,
            Map.of(TimelineEvent.ATTEMPT, String.valueOf(state.timeline.attemptsOf(id) + 1)));
        state.syncStatus();
        try {
          T result = Failures.guarded(action);
          state.timeline.endLive(id);
          state.timeline.record(
              Type.STEP_DONE,
              id,
              RUNBOOK_ACTOR,
              result == null ? "done" : Failures.described(describe, result),
              result == null ? Map.of() : Failures.evidenceOf(evidence, result));
          return result;
        } catch (TemporalFailure failure) {
          if (Failures.isCancellation(failure)) {
            throw failure;
          }
          if (!retryAfter(def, failure)) {
            return null;
          }
        }
      }
    } catch (TemporalFailure failure) {
      if (Failures.isCancellation(failure)) {
        state.markCanceled(id);
      }
      throw failure;
    } finally {
      MDC.remove(LOG_STEP);
    }
  }

  /**
   * A step failed: ends the run when its type says waiting cannot help (refused when nothing was
   * changed yet), else waits for a person. True to run the step again; false when it was skipped
   * (or is an undo given up on), and the step returns null.
   */
  private boolean retryAfter(Step def, TemporalFailure failure) {
    String id = def.id();
    state.timeline.endLive(id);
    String reason = Failures.reasonOf(failure);
    String type = Failures.typeOf(failure);
    boolean ends = def.kind() != StepKind.CLEANUP && def.ends(type);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(TimelineEvent.FAILURE_TYPE, type == null ? "unknown" : type);
    facts.put(TimelineEvent.AWAITING_DECISION, String.valueOf(!ends));
    state.timeline.record(Type.STEP_FAILED, id, RUNBOOK_ACTOR, reason, facts);
    state.metrics.stepFailed(id, type);
    if (ends) {
      // Nothing has been changed yet: the request cannot be carried out as asked.
      throw changed
          ? ApplicationFailure.newNonRetryableFailure(id + ": " + reason, type)
          : state.refuse(id + ": " + reason, type);
    }
    StepResolution decision = awaitResolution(def, reason);
    if (decision.action() == Action.RETRY) {
      return true;
    }
    if (decision.action() == Action.SKIP || def.kind() == StepKind.CLEANUP) {
      return false;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "aborted by "
            + decision.actor()
            + " at step "
            + id
            + (decision.comment() == null ? "" : ": " + decision.comment()),
        FailureTypes.ABORTED);
  }

  /** A failed step waits for a person, reminding like a gate: nobody finds it hours later. */
  private StepResolution awaitResolution(Step def, String reason) {
    state.stepDecisions.failed(def.id());
    state.syncStatus();
    String command = stepCommand(def);
    state.notify(
        Notification.Level.CRITICAL,
        "Step failed: " + def.title(),
        reason + ". The run waits for a decision: " + command);
    StepResolution decision =
        state.stepDecisions.await(
            def.id(),
            state.reminderInterval(),
            waited ->
                state.notify(
                    Notification.Level.CRITICAL,
                    "Still waiting for a decision: step " + def.title(),
                    reason + " (waiting " + Durations.format(waited) + "): " + command));
    state.syncStatus();
    return decision;
  }

  /** The command that decides a failed step, offering only what the step allows. */
  private static String stepCommand(Step def) {
    return "./runbook step "
        + Workflow.getInfo().getWorkflowId()
        + " retry|"
        + (def.skippable() ? "skip|" : "")
        + "abort --step "
        + def.id()
        + " --as <name>";
  }
}
