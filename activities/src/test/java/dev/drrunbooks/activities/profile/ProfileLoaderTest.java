package dev.drrunbooks.activities.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {

  /** The repository's own profiles: the real service must load as the plan names it. */
  static final Path RUNBOOKS = Path.of("..", "runbooks");

  @TempDir Path dir;

  @Test
  void shippedProfiles_loadWithThePlansNames() {
    ProfileLoader loader = new ProfileLoader(RUNBOOKS, name -> null);

    ServiceProfile real = loader.load("gitee-notion-sync");
    assertThat(real.target()).isEqualTo(Target.AWS);
    assertThat(real.ecs().cluster()).isEqualTo("gitee-notion-sync-cluster");
    assertThat(real.ecs().service()).isEqualTo("gitee-notion-sync-service");
    assertThat(real.ecs().taskFamily()).isEqualTo("gitee-notion-sync-task");
    assertThat(real.logs().logGroup()).isEqualTo("/ecs/gitee-notion-sync");
    assertThat(real.backup().bucket()).isEqualTo("backup-bucket");
    assertThat(real.database().port()).isEqualTo(5432);
    assertThat(real.incident().reportRegion()).isEqualTo("ap-northeast-1");
    assertThat(real.objectives()).isEqualTo(new ServiceProfile.Objectives(30, 5, 99.9));
    assertThat(real.regions().primary()).isEqualTo("ap-southeast-1");
    // Plan 8's contacts are profile fields: the three leads and the three external supports.
    assertThat(real.contacts())
        .extracting(ServiceProfile.Contact::role)
        .containsExactly(
            "ops-lead",
            "dev-lead",
            "project-manager",
            "aws-support",
            "notion-support",
            "gitee-support");

    assertThat(loader.load("sandbox").target()).isEqualTo(Target.SANDBOX);
    assertThat(loader.available()).contains("gitee-notion-sync", "sandbox");
  }

  @Test
  void contactWithNoWayToReachThem_isRefused() throws IOException {
    String sandbox = Files.readString(RUNBOOKS.resolve("sandbox.yaml"));
    write(
        "bad-contact",
        sandbox
            .replace("name: sandbox", "name: bad-contact")
            .replace(
                "  - {role: ops-lead, name: \"[ops lead]\", phone: \"+86 000 0000 0001\", email:"
                    + " ops-lead@example.com}",
                "  - {role: ops-lead, name: Li Lei}"));
    assertInvalid(
        new ProfileLoader(dir, name -> null),
        "bad-contact",
        "contacts[0] needs a way to reach ops-lead: phone, email or url");
  }

  @Test
  void placeholders_areOverriddenByEnvironment() {
    ProfileLoader loader =
        new ProfileLoader(
            RUNBOOKS,
            Map.of("DR_PRIMARY_REGION", "eu-west-1", "DR_HEALTH_URL", "https://sync.corp/health")
                ::get);

    ServiceProfile profile = loader.load("gitee-notion-sync");

    assertThat(profile.regions().primary()).isEqualTo("eu-west-1");
    assertThat(profile.health().url()).isEqualTo("https://sync.corp/health");
  }

  @Test
  void unknownService_namesKnownOnes() {
    ProfileLoader loader = new ProfileLoader(RUNBOOKS, name -> null);

    assertThatThrownBy(() -> loader.load("billing"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProfileActivities.UNKNOWN_SERVICE);
              assertThat(f.getOriginalMessage())
                  .contains("no profile for service 'billing'")
                  .contains("gitee-notion-sync, sandbox");
            });
    assertThatThrownBy(() -> loader.load("../etc/passwd"))
        .hasMessageContaining("is not a service name");
    // A typo two keystrokes from a known name is offered that name; "billing" is offered none.
    assertThatThrownBy(() -> loader.load("sandbx"))
        .hasMessageContaining("did you mean 'sandbox'? known services:");
    assertThatThrownBy(() -> loader.load("billing")).hasMessageNotContaining("did you mean");
  }

  @Test
  void malformedProfile_namesTheWrongField() throws IOException {
    String sandbox = Files.readString(RUNBOOKS.resolve("sandbox.yaml"));
    write(
        "bad-number",
        sandbox
            .replace("name: sandbox", "name: bad-number")
            .replace("rtoMinutes: 30", "rtoMinutes: -5"));
    write(
        "bad-field",
        sandbox
            .replace("name: sandbox", "name: bad-field")
            .replace("rpoMinutes: 5", "rpoMinutes: 5\n  rtoMinute: 3"));
    write(
        "bad-webhook",
        sandbox
            .replace("name: sandbox", "name: bad-webhook")
            .replace(
                "  - type: log",
                "  - type: webhook\n    urlEnv: https://hooks.example.com/secret"));
    write("bad-yaml", "name: [unclosed");
    write(
        "bad-failover",
        sandbox
            .replace("name: sandbox", "name: bad-failover")
            .replace("recordType: CNAME", "recordType: MX")
            .replace("    desiredCount: 2", "    desiredCount: 50"));
    write(
        "bad-sync",
        sandbox
            .replace("name: sandbox", "name: bad-sync")
            .replace("tokenEnv: GITEE_TOKEN", "tokenEnv: ghp_live_secret_value")
            .replace("      - acme/sync-docs", "      - not a repository"));
    write(
        "bad-incident",
        sandbox
            .replace("name: sandbox", "name: bad-incident")
            .replace("  port: 5432", "  port: 70000")
            .replace(
                "  autoStart: []",
                "  autoStart:\n    - procedure: restart-everything\n      alerts: []\n"
                    + "      severities: [SEV9]"));
    ProfileLoader loader = new ProfileLoader(dir, name -> null);

    assertInvalid(loader, "bad-incident", "database.port must be from 1 to 65535 (was 70000)");
    assertInvalid(
        loader,
        "bad-incident",
        "incident.autoStart[0].procedure must be one of app-rollback, data-restore, region-failover, failback");
    assertInvalid(
        loader, "bad-incident", "incident.autoStart[0].alerts must name at least one alert");
    assertInvalid(
        loader, "bad-incident", "incident.autoStart[0].severities must list severities from SEV1");
    assertInvalid(loader, "bad-number", "objectives.rtoMinutes must be more than 0 (was -5)");
    assertInvalid(loader, "bad-field", "field 'objectives.rtoMinute'");
    assertInvalid(
        loader, "bad-webhook", "notifications[0].urlEnv must name the environment variable");
    assertInvalid(loader, "bad-yaml", "not valid YAML");
    assertInvalid(
        loader, "bad-failover", "failover.dns.recordType must be CNAME or ALIAS (was 'MX')");
    assertInvalid(
        loader,
        "bad-failover",
        "failover.standby.desiredCount must be from 1 to ecs.maxDesiredCount 6 (was 50)");
    assertInvalid(loader, "bad-sync", "sync.gitee.tokenEnv must name the environment variable");
    assertInvalid(loader, "bad-sync", "sync.gitee.repositories must list the synced repositories");
  }

  @Test
  void requiredPlaceholderWithoutValue_isReported() throws IOException {
    String sandbox = Files.readString(RUNBOOKS.resolve("sandbox.yaml"));
    write(
        "needs-env",
        sandbox
            .replace("name: sandbox", "name: needs-env")
            .replace("url: http://sandbox.invalid/health", "url: ${HEALTH_URL}"));

    assertInvalid(
        new ProfileLoader(dir, name -> null),
        "needs-env",
        "health.url: environment variable HEALTH_URL is not set");
    assertThat(
            new ProfileLoader(dir, Map.of("HEALTH_URL", "http://h/health")::get)
                .load("needs-env")
                .health()
                .url())
        .isEqualTo("http://h/health");
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name + ".yaml"), text);
  }

  private static void assertInvalid(ProfileLoader loader, String service, String message) {
    assertThatThrownBy(() -> loader.load(service))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ProfileActivities.INVALID_PROFILE);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains(service + ".yaml is invalid")
                  .contains(message);
            });
  }
}
