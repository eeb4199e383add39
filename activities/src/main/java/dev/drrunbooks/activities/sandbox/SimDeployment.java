package dev.drrunbooks.activities.sandbox;

import java.time.Duration;
import java.util.Map;

/** One deployment of a simulated service: its revision, when it started, the env it read. */
final class SimDeployment {

  private final Duration deployTime;

  final String id;
  final int revision;
  final long startedAt;
  long visibleFrom;
  Map<String, String> env;

  SimDeployment(Duration deployTime, long now, String id, int revision, long startedAt) {
    this.deployTime = deployTime;
    this.id = id;
    this.revision = revision;
    this.startedAt = startedAt;
    this.visibleFrom = now;
  }

  /** Tasks started per batch: all at once, or what the deployment's maximum percent allows. */
  Integer maximumPercent;

  int batch(int desired) {
    if (maximumPercent == null) {
      return Math.max(1, desired);
    }
    return Math.max(1, (int) Math.floor(desired * maximumPercent / 100.0) - desired);
  }

  boolean rolledOut(long now, int desired) {
    return started(now, desired) >= desired;
  }

  /**
   * Tasks of this deployment started by {@code now}: batch after batch, each taking the deploy
   * time, its tasks starting one by one.
   */
  int started(long now, int desired) {
    int batch = batch(desired);
    double batches = (now - startedAt) / (double) Math.max(1, deployTime.toMillis());
    int done = (int) Math.floor(batches);
    int inBatch = (int) Math.floor(batch * (batches - done));
    return (int) Math.min(desired, (long) done * batch + inBatch);
  }
}
