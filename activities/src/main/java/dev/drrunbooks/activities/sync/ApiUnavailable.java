package dev.drrunbooks.activities.sync;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** The API did not answer usefully (throttled past our patience, 5xx, network): worth a retry. */
public final class ApiUnavailable extends RuntimeException {

  /** The failure type an activity reports, retried by Temporal. */
  public static final String TYPE = "ExternalApiUnavailable";

  /**
   * The longest Retry-After Temporal is asked to honour before the next attempt: longer, and the
   * attempt is made after this anyway (it may be answered sooner; four attempts, then a person).
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Duration retryAfter;

  public ApiUnavailable(String message) {
    this(message, null);
  }

  /**
   * @param retryAfter how long the API asked to be left alone (a 429's Retry-After too long to wait
   *     inside one attempt), or null
   */
  public ApiUnavailable(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /**
   * As an activity failure: retried by Temporal, and no sooner than the API asked (up to {@link
   * #MAX_RETRY_AFTER}), so a long rate limit is waited out by the server, not by a sleeping worker
   * nor by a quick retry that would be throttled again.
   */
  public ApplicationFailure toFailure() {
    return retryAfter == null
        ? ApplicationFailure.newFailure(getMessage(), TYPE)
        : ApplicationFailure.newFailureWithCauseAndDelay(
            getMessage(),
            TYPE,
            null,
            retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter);
  }
}
