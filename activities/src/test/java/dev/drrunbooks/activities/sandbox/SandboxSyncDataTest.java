package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.sandbox.SandboxHealthVerdictTest.MovableClock;
import dev.drrunbooks.activities.sync.SyncChecksImpl;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.SyncTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's Gitee and Notion over simulated time: the sync keeps Notion a few seconds behind
 * while the service is healthy, stalls while a bad release runs, and catches up after the rollback.
 */
class SandboxSyncDataTest {

  private static final ServiceRef REF = SandboxRuns.PRIMARY;
  private static final String FAMILY = "gitee-notion-sync-task";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T03:00:00Z"));
  private final SandboxWorld world = new SandboxWorld(clock, Duration.ofSeconds(30));
  private final SandboxSyncData data = new SandboxSyncData(world);
  private final SyncChecksImpl checks =
      new SyncChecksImpl(new SyncChecksImpl.Apis(data, data, clock), null);
  private final SyncTarget target =
      new SyncTarget(
          REF,
          new ServiceProfile.Sync(
              new ServiceProfile.Sync.Gitee(
                  "http://gitee.sandbox.invalid/api/v5",
                  "GITEE_TOKEN",
                  null,
                  List.of("acme/gitee-notion-sync", "acme/sync-docs")),
              new ServiceProfile.Sync.Notion(
                  "http://notion.sandbox.invalid",
                  "NOTION_TOKEN",
                  null,
                  "2025-09-03",
                  "sandbox-issues",
                  "Gitee ID",
                  "Name",
                  "Gitee Updated"),
              20,
              new ServiceProfile.Sync.Canary(true, "acme/gitee-notion-sync", "I1001", 120)));

  @Test
  void lagStaysSmallWhileHealthy_growsDuringABadRelease_andDrainsAfterTheRollback() {
    clock.advance(Duration.ofMinutes(3));
    assertThat(lagSeconds(checks.compareSyncedData(target))).isLessThanOrEqualTo(10);

    world.breakWithBadDeployment(REF, FAMILY);
    clock.advance(Duration.ofMinutes(7));
    IntegrityFacts broken = checks.compareSyncedData(target);
    assertThat(lagSeconds(broken)).isBetween(390L, 420L);
    assertThat(broken.missing()).isNotEmpty(); // issues opened during the outage
    assertThat(broken.stale()).isNotEmpty(); // issues edited during the outage
    assertThat(broken.compared()).isEqualTo(40);

    world.ecs().updateService(REF, FAMILY + ":41", null, null);
    clock.advance(Duration.ofSeconds(45)); // rolled out, the backlog went across
    IntegrityFacts recovered = checks.compareSyncedData(target);
    assertThat(lagSeconds(recovered)).isLessThanOrEqualTo(10);
    // What is still missing is in flight: changed within the sync's few seconds of delay.
    assertThat(recovered.missing().size()).isLessThan(broken.missing().size());
  }

  /**
   * The canary's comment reaches Notion after the sync's delay, and not while a bad release runs.
   */
  @Test
  void canaryComment_reachesNotionAfterTheSyncDelay_butNotDuringABadRelease() {
    clock.advance(Duration.ofMinutes(1));
    var post = checks.postCanary(target, "dr-runbooks canary test-1");
    assertThat(post.key()).isEqualTo("acme/gitee-notion-sync#I1001");
    assertThat(checks.canaryInNotion(target, post.key())).isBefore(post.postedAt());
    clock.advance(Duration.ofSeconds(11));
    assertThat(checks.canaryInNotion(target, post.key())).isAfterOrEqualTo(post.postedAt());
    assertThat(checks.postCanary(target, "dr-runbooks canary test-1").posted()).isFalse();

    world.breakWithBadDeployment(REF, FAMILY);
    clock.advance(Duration.ofSeconds(40));
    var during = checks.postCanary(target, "dr-runbooks canary test-2");
    clock.advance(Duration.ofSeconds(30));
    assertThat(checks.canaryInNotion(target, during.key())).isBefore(during.postedAt());
  }

  private static long lagSeconds(IntegrityFacts facts) {
    return facts.oldestUnsyncedChange() == null
        ? 0
        : Duration.between(facts.oldestUnsyncedChange(), facts.checkedAt()).toSeconds();
  }
}
