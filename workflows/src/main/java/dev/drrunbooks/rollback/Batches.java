package dev.drrunbooks.rollback;

/**
 * A gradual rollback's batches: {@code desired} tasks replaced {@code size} at a time. ECS gets the
 * batch size as the deployment's maximum percent (with a minimum healthy percent of 100), so it
 * starts at most {@code size} new tasks before stopping as many old ones.
 */
record Batches(int desired, int size, int count, int maximumPercent) {

  static Batches of(int desired, int batchPercent) {
    int tasks = Math.max(1, desired);
    int size = Math.max(1, (int) Math.ceil(tasks * batchPercent / 100.0));
    int count = (int) Math.ceil(tasks / (double) size);
    // ECS allows floor(desired * maximumPercent / 100) tasks in all: desired + size.
    int maximumPercent = 100 + (int) Math.ceil(size * 100.0 / tasks);
    return new Batches(tasks, size, count, maximumPercent);
  }

  @Override
  public String toString() {
    return count
        + " batch(es) of "
        + size
        + " task(s): maximumPercent "
        + maximumPercent
        + ", minimumHealthyPercent 100";
  }
}
