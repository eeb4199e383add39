package dev.drrunbooks.sync;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Read-only looks at what the service syncs: Gitee API v5 and the Notion API with the service's own
 * tokens (taken from the worker's environment, never passed in), or the sandbox's simulated data.
 * They report facts; the workflow judges them against the profile's objectives. A refused token or
 * a missing resource is a fact, not an error; throttling and server errors are retried.
 */
@ActivityInterface
public interface SyncChecks {

  /** A token the worker does not have: it is configured where the worker runs, not in a run. */
  String TOKEN_MISSING = "TokenMissing";

  /** {@code GET /user} and each synced repository. */
  @ActivityMethod(name = "CheckGitee")
  Reachability checkGitee(SyncTarget target);

  /** {@code GET /v1/users/me} and the data source. */
  @ActivityMethod(name = "CheckNotion")
  Reachability checkNotion(SyncTarget target);

  /** The canary issue's page in Notion: its update time, or null while it has none. */
  @ActivityMethod(name = "CanaryInNotion")
  java.time.Instant canaryInNotion(SyncTarget target, String key);

  /** The N most recently updated issues of each repository, looked up in Notion by key. */
  @ActivityMethod(name = "CompareSyncedData")
  IntegrityFacts compareSyncedData(SyncTarget target);
}
