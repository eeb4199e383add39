package dev.drrunbooks.runbook;

/**
 * What every recovery's result says the same way, so that the incident running it reads a verdict,
 * never the display text of one: whether the run left the service well by its own checks, and what
 * it did in one line.
 */
public interface RecoveryOutcome {

  /** The run did what it was asked and its own checks found the service well (a dry run: true). */
  boolean succeeded();

  /** What the run did and found, in one line. */
  String verdict();
}
