package dev.drrunbooks.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * A UTC clock that reads its time from the test: a fixed instant the test moves, or a test server's
 * clock that jumps when it skips time.
 */
public class SuppliedClock extends Clock {

  private final Supplier<Instant> now;

  public SuppliedClock(Supplier<Instant> now) {
    this.now = now;
  }

  public static Clock of(Supplier<Instant> now) {
    return new SuppliedClock(now);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
