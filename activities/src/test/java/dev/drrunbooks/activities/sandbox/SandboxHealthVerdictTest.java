package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.HealthReport.Verdict;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.testing.SuppliedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The health verdict over simulated time: the metrics move second by second with the tasks, so a
 * window that starts in the wrong place gives the wrong answer here, as it did on AWS.
 */
class SandboxHealthVerdictTest {

  private static final ServiceRef REF = SandboxRuns.PRIMARY;
  private static final String FAMILY = "gitee-notion-sync-task";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T03:00:00Z"));
  private final SandboxWorld world = new SandboxWorld(clock, Duration.ofSeconds(30));
  private final ServiceChecksImpl checks =
      new ServiceChecksImpl(new Capabilities(world.capabilities(), region -> null));

  /**
   * Bad release for five minutes, rollback at 03:05 taking 30 s: ten seconds after the rollout a
   * rolling five-minute window still calls the good revision unhealthy; the window that starts at
   * the rollout has no data yet, and once a whole minute of post-rollout traffic is in, it passes.
   */
  @Test
  void badThenClean_passesOnceTheWindowHoldsOnlyPostRolloutTraffic() {
    world.breakWithBadDeployment(REF, FAMILY);
    clock.advance(Duration.ofMinutes(5));
    world.ecs().updateService(REF, FAMILY + ":41", null, null);
    clock.advance(Duration.ofSeconds(30));
    assertThat(world.ecs().describeService(REF).steady()).isTrue();
    Instant rolledOut = clock.instant();
    clock.advance(Duration.ofSeconds(10));

    HealthReport rolling = checks.checkHealth(query());
    assertThat(rolling.verdict()).isEqualTo(Verdict.UNHEALTHY);
    assertThat(rolling.problems()).anyMatch(p -> p.startsWith("5xx rate"));
    assertThat(rolling.healthyTargets()).isEqualTo(2);

    HealthReport tooEarly = checks.checkHealth(query().since(rolledOut));
    assertThat(tooEarly.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);

    clock.advance(Duration.ofSeconds(81)); // 03:07:01: the minute 03:06-03:07 is whole
    HealthReport after = checks.checkHealth(query().since(rolledOut));
    assertThat(after.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(after.windowStart()).isEqualTo(Instant.parse("2026-11-21T03:06:00Z"));
    assertThat(after.requests()).isEqualTo(1200);
    assertThat(after.errorRatePercent()).isLessThan(1.0);
    assertThat(after.latencyP90Millis()).isEqualTo(180.0);
  }

  /** At night the service may see too few requests to judge a rate: said, not passed. */
  @Test
  void lowTraffic_isNotEnoughData_notHealthy() {
    world.setTraffic(0.2);
    clock.advance(Duration.ofMinutes(3));

    HealthReport report = checks.checkHealth(query());

    assertThat(report.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(report.pending()).singleElement().asString().contains("(need 100)");
  }

  /** A bad release is slow too: the p90 over its minutes is above the threshold. */
  @Test
  void badRelease_isSlow_p90AboveThreshold() {
    clock.advance(Duration.ofMinutes(1));
    world.breakWithBadDeployment(REF, FAMILY);
    clock.advance(Duration.ofMinutes(2));

    HealthReport report = checks.checkHealth(query());

    assertThat(report.problems()).anyMatch(p -> p.startsWith("p90 response time 2400 ms"));
  }

  private static HealthQuery query() {
    return new HealthQuery(
        REF, "tg", "lb", "tg", "http://sandbox.invalid/health", 5, 5, null, 60, 100, 1000);
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends SuppliedClock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this(new AtomicReference<>(start));
    }

    private MovableClock(AtomicReference<Instant> now) {
      super(now::get);
      this.now = now;
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }
  }
}
