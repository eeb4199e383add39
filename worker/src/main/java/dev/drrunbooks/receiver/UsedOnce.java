package dev.drrunbooks.receiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this receiver replica has already taken, each for as long as it could be valid: a chat
 * callback's signature, an SNS message's id. A signed request seen again inside its validity window
 * is a replay. The memory is per replica; what makes a replay to another replica harmless is the
 * run itself (a chat ticket is taken once) and the incident (an alert joins, never doubles).
 */
final class UsedOnce {

  private final Duration window;
  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  UsedOnce(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Takes {@code key}: true the first time within the window, false for a replay. */
  boolean take(String key) {
    forgetExpired();
    return seen.putIfAbsent(key, clock.instant()) == null;
  }

  /** Whether {@code key} was taken within the window (without taking it). */
  boolean seen(String key) {
    forgetExpired();
    return seen.containsKey(key);
  }

  private void forgetExpired() {
    Instant oldest = clock.instant().minus(window);
    seen.values().removeIf(at -> at.isBefore(oldest));
  }
}
