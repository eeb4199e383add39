package dev.drrunbooks.sync;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a validation writes to the systems the sync joins: kept apart from the read-only {@link
 * SyncChecks}, so a write is a stub of its own, made only when a run really writes.
 */
@ActivityInterface
public interface SyncWrites {

  /**
   * Posts the canary comment with {@code marker} on the profile's canary issue, unless a comment
   * with that marker is already there. The only write of a validation.
   */
  @ActivityMethod(name = "PostCanary")
  CanaryPost postCanary(SyncTarget target, String marker);
}
