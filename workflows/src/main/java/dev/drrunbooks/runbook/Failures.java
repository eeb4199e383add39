package dev.drrunbooks.runbook;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** How the runbook reads a failure, and how it keeps a bug in workflow code from hanging a run. */
public final class Failures {

  private Failures() {}

  /**
   * Runs workflow code so that an exception it did not mean to throw (a bug) becomes a failure the
   * runbook handles: the step fails and waits for a person, or the run ends FAILED saying what
   * broke and where. Left alone, the SDK would fail the workflow task and retry it every few
   * seconds for ever: the run RUNNING, its lock held, its updates unanswered and a cancel never
   * taken. Temporal's own signals (failures, cancellation, a nondeterminism or a deadlock the SDK
   * detects, the errors that stop a workflow thread) pass through untouched.
   */
  static <T> T guarded(Supplier<T> code) {
    try {
      return code.get();
    } catch (TemporalFailure | NonDeterministicException temporal) {
      throw temporal;
    } catch (RuntimeException bug) {
      if (bug.getClass().getName().startsWith("io.temporal.internal.")) {
        throw bug;
      }
      // The stack goes to the worker's log; the failure carries the one line a person reads.
      Workflow.getLogger(Runbook.class).error("the runbook's workflow code failed", bug);
      throw ApplicationFailure.newNonRetryableFailure(
          "the runbook's workflow code failed: " + bugLine(bug), FailureTypes.WORKFLOW_CODE);
    }
  }

  /** An exception in one line: its type, its message and the runbook's own frame that threw it. */
  static String bugLine(Throwable bug) {
    String where = "";
    for (StackTraceElement frame : bug.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.drrunbooks.")) {
        String cls = frame.getClassName();
        where =
            " at "
                + cls.substring(cls.lastIndexOf('.') + 1)
                + "."
                + frame.getMethodName()
                + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
        break;
      }
    }
    return bug.getClass().getSimpleName()
        + (bug.getMessage() == null ? "" : ": " + bug.getMessage())
        + where;
  }

  /**
   * A step's description of its result. Bookkeeping: when it throws, the step is still done and its
   * line says the description failed, rather than the workflow task failing.
   */
  static <T> String described(Function<T, String> describe, T result) {
    try {
      return describe.apply(result);
    } catch (TemporalFailure failure) {
      throw failure;
    } catch (RuntimeException bug) {
      return "done (describing its result failed: " + bugLine(bug) + ")";
    }
  }

  /** A step's evidence; bookkeeping like {@link #described}: none when it throws. */
  static <T> Map<String, String> evidenceOf(Function<T, Map<String, String>> evidence, T result) {
    try {
      return evidence.apply(result);
    } catch (TemporalFailure failure) {
      throw failure;
    } catch (RuntimeException bug) {
      return Map.of(TimelineEvent.EVIDENCE_FAILED, bugLine(bug));
    }
  }

  /** Whether the failure is, or was caused by, a cancellation. */
  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The innermost application failure's type, which is what activities set deliberately. */
  public static String typeOf(Throwable failure) {
    String type = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        type = af.getType();
      }
    }
    return type;
  }

  /** The innermost failure's own message, without Temporal's wrapping text. */
  public static String reasonOf(Throwable failure) {
    Throwable inner = failure;
    while (inner.getCause() != null) {
      inner = inner.getCause();
    }
    if (inner instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (inner instanceof TemporalFailure tf) {
      return tf.getOriginalMessage();
    }
    return String.valueOf(inner.getMessage());
  }
}
