package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.sandbox.SandboxCommand;
import dev.drrunbooks.service.ServiceRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The practice sandbox: break it on purpose, see it, reset it to where practice starts. */
class SandboxActivitiesImplTest {

  private static final ServiceRef REF =
      new ServiceRef(Target.SANDBOX, "sandbox-primary", "cluster", "service");
  private static final String FAMILY = "gitee-notion-sync-task";
  private static final ServiceRef SANDBOX = SandboxRuns.PRIMARY;

  private final SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofSeconds(1));
  private final SandboxActivitiesImpl sandbox = new SandboxActivitiesImpl(world);

  /**
   * A drill on another sandbox profile (its own cluster and family) asks for the state of a service
   * the world has not seen yet: it is there, healthy on the good revision, as ECS would show it
   * (runbook bench's 200 concurrent drills found this).
   */
  @Test
  void stateOfAServiceNotSeenYet_isHealthyOnTheGoodRevision() {
    ServiceRef other =
        new ServiceRef(
            Target.SANDBOX, "sandbox-primary", "bench-007-cluster", "gitee-notion-sync-service");
    dev.drrunbooks.sandbox.SandboxState s =
        world.state(
            new dev.drrunbooks.sandbox.SandboxStateQuery(
                other, null, "bench-007-task", null, null, null));

    assertThat(s.primaryRevision()).isEqualTo(SandboxWorld.GOOD_REVISION);
    assertThat(s.regionOutage()).isFalse();
    assertThat(s.knownBadRevisions()).isZero();
  }

  @Test
  void breakShowReset_movesTheWorld_andResetClearsKnownBadTags() {
    assertThat(sandbox.control(command("show", null), REF, FAMILY))
        .startsWith("the sandbox; now revision 41")
        .contains("healthy: ");

    assertThat(sandbox.control(command("break", "bad-release"), REF, FAMILY))
        .startsWith("broke the sandbox: bad release " + FAMILY + ":42")
        .contains("now revision 42")
        .contains("UNHEALTHY");

    String arn = world.ecs().taskDefinition(REF, FAMILY, 42).arn();
    world.ecs().tagTaskDefinition(REF, arn, Map.of("dr-runbooks/known-bad", "true"));
    assertThat(sandbox.control(command("reset", null), REF, FAMILY))
        .startsWith("reset the sandbox: healthy on " + FAMILY + ":41")
        .contains("now revision 41");
    assertThat(world.ecs().taskDefinition(REF, FAMILY, 42).tags()).isEmpty();
    assertThat(world.ecs().activeRevisions(REF, FAMILY)).hasSize(13).startsWith(42).endsWith(30);
  }

  /**
   * A bad config push: the tasks restart with a wrong database password and the sync stops, while
   * the database itself still accepts the secret's credentials; reset puts the env file back.
   */
  @Test
  void configLoss_stopsTheSync_theDatabaseStaysSound_resetRestoresTheEnvFile() {
    assertThat(world.syncingAt(System.currentTimeMillis())).isTrue();

    assertThat(sandbox.control(command("break", "config-loss"), SANDBOX, FAMILY))
        .startsWith("broke the sandbox: a bad config push")
        .contains("./runbook start data-restore --service sandbox");

    assertThat(world.syncingAt(System.currentTimeMillis())).isFalse();
    assertThat(world.storage().serviceEnv().get("DB_PASSWORD")).startsWith("wrong-");
    assertThat(world.storage().instance(SandboxStorage.INSTANCE).status()).isEqualTo("available");
    sandbox.control(command("reset", null), SANDBOX, FAMILY);
    assertThat(world.syncingAt(System.currentTimeMillis())).isTrue();
  }

  /** With no set there is nothing to damage, said so; then the newest set stops verifying. */
  @Test
  void corruptBackup_damagesTheNewestSet_soItNoLongerVerifies() {
    assertThat(sandbox.control(command("break", "corrupt-backup"), SANDBOX, FAMILY))
        .startsWith("no backup set to damage yet");
    var backups = seededBackups();
    var sets = backups.listSets(SandboxBackups.LOCATION);
    String setId = sets.get(0).setId();

    assertThat(sandbox.control(command("break", "corrupt-backup"), SANDBOX, FAMILY))
        .startsWith(
            "damaged the env file the newest backup set relies on: s3://backup-bucket/"
                + setId
                + "/")
        .contains("backup-verification");

    var check =
        backups.verifySet(new dev.drrunbooks.backup.SetQuery(SandboxBackups.LOCATION, setId));
    assertThat(check.intact()).isFalse();
    assertThat(check.problems()).singleElement().asString().startsWith("env: SHA-256");
  }

  /**
   * After an hourly incremental set that copied nothing (it refers to the full set's objects), the
   * env object it relies on is damaged: it was "no backup set to damage yet" on ./runbook dev,
   * where the schedule had just taken such a set.
   */
  @Test
  void corruptBackup_afterAnIncrementalThatCopiedNothing_damagesWhatItReliesOn() {
    var backups = seededBackups();
    String full = backups.listSets(SandboxBackups.LOCATION).get(0).setId();
    world
        .storage()
        .put(
            "backup-bucket",
            "29991231T000000Z/manifest.json",
            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/json");

    assertThat(sandbox.control(command("break", "corrupt-backup"), SANDBOX, FAMILY))
        .startsWith(
            "damaged the env file the newest backup set relies on: s3://backup-bucket/"
                + full
                + "/");
  }

  /** The backup activities on this world, its bucket seeded with one full set. */
  private dev.drrunbooks.activities.backup.BackupActivitiesImpl seededBackups() {
    return SandboxBackups.seeded(
        world,
        new dev.drrunbooks.activities.backup.BackupActivitiesImpl(
            new dev.drrunbooks.activities.capability.Capabilities(
                world.capabilities(), region -> null),
            name -> ""));
  }

  private static SandboxCommand command(String action, String fault) {
    return new SandboxCommand(action, "sandbox", fault, "alice");
  }
}
