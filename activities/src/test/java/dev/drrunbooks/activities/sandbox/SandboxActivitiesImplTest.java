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

  private final SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofSeconds(1));
  private final SandboxActivitiesImpl sandbox = new SandboxActivitiesImpl(world);

  @Test
  void breakShowReset_movesTheWorld_andResetClearsKnownBadTags() {
    assertThat(sandbox.control(command("show", null), REF, FAMILY))
        .startsWith("the sandbox; now revision 41")
        .contains("healthy: ");

    assertThat(sandbox.control(command("break", "bad-release"), REF, FAMILY))
        .startsWith("broke the sandbox: bad release " + FAMILY + ":42")
        .contains("now revision 42")
        .contains("UNHEALTHY");

    String arn = world.taskDefinition(REF, FAMILY, 42).arn();
    world.tagTaskDefinition(REF, arn, Map.of("dr-runbooks/known-bad", "true"));
    assertThat(sandbox.control(command("reset", null), REF, FAMILY))
        .startsWith("reset the sandbox: healthy on " + FAMILY + ":41")
        .contains("now revision 41");
    assertThat(world.taskDefinition(REF, FAMILY, 42).tags()).isEmpty();
    assertThat(world.activeRevisions(REF, FAMILY)).hasSize(13).startsWith(42).endsWith(30);
  }

  private static SandboxCommand command(String action, String fault) {
    return new SandboxCommand(action, "sandbox", fault, "alice");
  }
}
