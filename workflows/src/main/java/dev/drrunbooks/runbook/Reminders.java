package dev.drrunbooks.runbook;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Waits for a person, reminding while nobody answers: after the interval, then twice it, four
 * times..., at most {@link #LONGEST_GAP}. A run that waits a weekend reminds a few dozen times, not
 * every 15 minutes, and its history stays bounded.
 */
final class Reminders {

  /** The longest a reminder waits after the one before (they double up to it). */
  static final Duration LONGEST_GAP = Duration.ofHours(4);

  private Reminders() {}

  /** When the next reminder goes out, after {@code sent} reminders. */
  static Duration next(Duration interval, int sent) {
    Duration next = interval.multipliedBy(1L << Math.min(sent, 10));
    return next.compareTo(LONGEST_GAP) > 0 ? LONGEST_GAP : next;
  }

  /**
   * Waits until {@code answered}, calling {@code remind} with the seconds waited so far each time a
   * reminder is due.
   */
  static void await(Duration interval, Supplier<Boolean> answered, LongConsumer remind) {
    long since = Workflow.currentTimeMillis();
    int sent = 0;
    while (!Workflow.await(next(interval, sent), answered::get)) {
      sent++;
      remind.accept((Workflow.currentTimeMillis() - since) / 1000);
    }
  }
}
