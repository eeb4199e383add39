package dev.drrunbooks.runbook;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Promise;
import java.time.Duration;

/** Activity options named by what they protect against. */
public final class RunbookOptions {

  /**
   * One read-only API call (a describe, a list, a log query). Thirty seconds covers the SDK's own
   * retries of a throttled call; five attempts over about a minute ride out a short AWS brownout
   * before the step is handed to an operator.
   */
  public static final ActivityOptions QUICK_API_CALL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(5)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /**
   * Health verification makes several calls and an HTTP probe with its own 10 s timeout; a minute
   * bounds the lot. Three attempts: an unhealthy answer is a result, not an error, so retries only
   * cover calls that did not answer at all.
   */
  public static final ActivityOptions HEALTH_PROBE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /**
   * A change to the service. The activities read before they write, so a retry after a lost
   * response is a no-op; still only three attempts, so a change that keeps failing reaches a person
   * quickly instead of hammering the control plane. Canceled, the run waits for the call in flight
   * to end before anything else, its undo included ({@link #summarised}).
   */
  public static final ActivityOptions MUTATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /**
   * Calls to Gitee and Notion, paged, each honouring a 429's Retry-After (up to 30 s) inside the
   * attempt: two minutes per attempt, four attempts over a few minutes ride out a rate limit or a
   * short outage before the step is handed to a person. A refused token is not retried.
   */
  public static final ActivityOptions EXTERNAL_API =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(4)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /**
   * Copying data: a backup set with its database export, a restore, a test restore. Up to half an
   * hour per attempt, and a heartbeat every object or every 10 MB: a worker that dies mid-copy is
   * noticed within a minute and the copy starts again (its keys are derived from the set, so a
   * second attempt overwrites, never duplicates). Three attempts, then a person.
   */
  public static final ActivityOptions TRANSFER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /** Loading the profile reads a local file; a malformed one is not retried. */
  public static final ActivityOptions LOAD_PROFILE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureTypes.DO_NOT_RETRY)
                  .build())
          .build();

  /**
   * A notification must not hold up a recovery: twenty seconds per attempt, four attempts, then the
   * workflow logs the loss and carries on.
   */
  public static final ActivityOptions NOTIFY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(4)
                  .build())
          .build();

  /**
   * The same options with a summary the Temporal UI shows next to the activity, and the failure
   * types of the activity's own port that no retry can change ({@code alsoPermanent}: each port
   * above the machinery declares its own, e.g. {@code BackupStore.PERMANENT}).
   */
  public static ActivityOptions summarised(
      ActivityOptions options, String summary, String... alsoPermanent) {
    ActivityOptions.Builder builder = ActivityOptions.newBuilder(options).setSummary(summary);
    if (alsoPermanent.length > 0 && options.getRetryOptions() != null) {
      String[] permanent =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(options.getRetryOptions().getDoNotRetry()),
                  java.util.Arrays.stream(alsoPermanent))
              .distinct()
              .sorted()
              .toArray(String[]::new);
      builder.setRetryOptions(
          RetryOptions.newBuilder(options.getRetryOptions()).setDoNotRetry(permanent).build());
    }
    if (options == MUTATION) {
      // A canceled change is waited for before the run goes on: a cancel that arrives while a
      // change is in flight (an UpdateService call under way) would otherwise let its undo run at
      // the same time, and the change could land after its undo.
      builder.setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    }
    return builder.build();
  }

  /**
   * After canceling a change that runs beside something else (the standby starting while a gate
   * waits): waits for its call in flight to end, whatever its outcome, so that what follows (its
   * undo) comes after it.
   */
  public static void settle(Promise<?> canceledChange) {
    try {
      canceledChange.get();
    } catch (RuntimeException endedAnyway) {
      // canceled, failed or done: it is over, which is all that matters here
    }
  }

  private RunbookOptions() {}
}
