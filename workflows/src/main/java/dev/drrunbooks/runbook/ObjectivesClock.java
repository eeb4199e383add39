package dev.drrunbooks.runbook;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntConsumer;

/**
 * The RTO clock: from the incident's detection when known, else from the run's start; it stops when
 * the run ends. Crossing 50 % and 80 % of the RTO warns, so nobody learns at minute 31 that the
 * recovery is late.
 */
final class ObjectivesClock {

  private final long startedAt = Workflow.currentTimeMillis();
  private Long detectedAt;
  private Long endedAt;

  /** A detected-at this far ahead of the workflow's clock is a mistake, not clock skew. */
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** What is wrong with a detection time no RTO can be measured from; empty when it will do. */
  static java.util.List<String> problemsOf(Instant detected) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    Instant now = Timeline.now();
    if (detected == null) {
      return problems;
    }
    if (detected.isAfter(now.plus(MAX_CLOCK_SKEW))) {
      problems.add(
          "detectedAt "
              + detected
              + " is in the future (now "
              + now
              + "); give the time the failure was detected");
    }
    if (detected.isBefore(now.minus(RunbookRequest.MAX_DETECTION_AGE))) {
      problems.add(
          "detectedAt "
              + detected
              + " is more than "
              + RunbookRequest.MAX_DETECTION_AGE.toDays()
              + " days before now ("
              + now
              + "): no RTO can be measured from it; give the time the failure was detected, or"
              + " leave it out to measure from the start of the run");
    }
    return problems;
  }

  void detectedAt(Instant detected) {
    this.detectedAt = detected == null ? null : detected.toEpochMilli();
  }

  long startMillis() {
    return detectedAt != null ? Math.min(detectedAt, startedAt) : startedAt;
  }

  Instant start() {
    return Instant.ofEpochMilli(startMillis());
  }

  Instant startedAt() {
    return Instant.ofEpochMilli(startedAt);
  }

  void stop() {
    endedAt = Workflow.currentTimeMillis();
  }

  /** When the run ended, or null while it runs. */
  Instant endedAt() {
    return endedAt == null ? null : Instant.ofEpochMilli(endedAt);
  }

  long elapsedSeconds() {
    long end = endedAt != null ? endedAt : Workflow.currentTimeMillis();
    return Math.max(0, (end - startMillis()) / 1000);
  }

  /** From the clock's start to the end of the run, to the millisecond (for metrics). */
  Duration measured() {
    long end = endedAt != null ? endedAt : Workflow.currentTimeMillis();
    return Duration.ofMillis(end - startMillis());
  }

  /** Calls {@code warn} with 50 and then 80 as those shares of the RTO pass, unless passed. */
  void warnAt(int rtoMinutes, IntConsumer warn) {
    for (int percent : new int[] {50, 80}) {
      long dueMillis =
          rtoMinutes * 60_000L * percent / 100 - (Workflow.currentTimeMillis() - startMillis());
      if (dueMillis <= 0) {
        continue;
      }
      Async.procedure(
          () -> {
            Workflow.sleep(Duration.ofMillis(dueMillis));
            if (endedAt == null) {
              warn.accept(percent);
            }
          });
    }
  }
}
