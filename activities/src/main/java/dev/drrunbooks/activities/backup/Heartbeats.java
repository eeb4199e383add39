package dev.drrunbooks.activities.backup;

import io.temporal.activity.Activity;

/** Heartbeats from a long copy; a no-op when called outside an activity (seeding, tests). */
final class Heartbeats {

  static void beat(String detail) {
    try {
      Activity.getExecutionContext().heartbeat(detail);
    } catch (IllegalStateException | NullPointerException notInActivity) {
      // Not running as an activity.
    }
  }

  private Heartbeats() {}
}
