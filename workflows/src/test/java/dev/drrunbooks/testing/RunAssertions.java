package dev.drrunbooks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Predicate;

/** Waiting for and asserting on runs, for every procedure's workflow tests. */
public final class RunAssertions {

  /**
   * Polls {@code progress()} until it matches, for at most ten seconds of real time; a run not
   * started yet (a child) is looked for again.
   */
  public static RunbookProgress awaitProgress(
      RunbookWorkflow run, Predicate<RunbookProgress> until) {
    long deadline = System.currentTimeMillis() + 10_000;
    RunbookProgress last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = run.progress();
      } catch (io.temporal.client.WorkflowNotFoundException notStartedYet) {
        // A child its parent is about to start: look again.
        last = null;
      }
      if (last != null && until.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("progress never matched; last: " + last);
  }

  /**
   * Polls {@code progress()} until it matches a state that lies behind the run's own timers (a
   * steady-state bound, a poll loop), moving the test server's clock thirty seconds between looks.
   */
  public static RunbookProgress awaitProgress(
      RunbookWorkflow run,
      Predicate<RunbookProgress> until,
      io.temporal.testing.TestWorkflowEnvironment env) {
    RunbookProgress last = null;
    for (int look = 0; look < 200; look++) {
      last = run.progress();
      if (until.test(last)) {
        return last;
      }
      env.sleep(java.time.Duration.ofSeconds(30));
    }
    throw new AssertionError("progress never matched; last: " + last);
  }

  /** The run failed with an application failure of this type whose message contains this. */
  public static void assertFails(Object typedStub, String type, String message) {
    assertThatThrownBy(() -> WorkflowStub.fromTyped(typedStub).getResult(Object.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type);
              assertThat(f.getOriginalMessage()).contains(message);
            });
  }

  private RunAssertions() {}
}
