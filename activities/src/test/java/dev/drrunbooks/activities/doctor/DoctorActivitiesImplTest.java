package dev.drrunbooks.activities.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.doctor.WorkerReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's read-only self-check: a broken profile and missing credentials are named. */
class DoctorActivitiesImplTest {

  @TempDir Path dir;

  @Test
  void brokenProfileAndMissingCredentials_areFailures_withoutSecrets() throws Exception {
    String sandbox = Files.readString(Path.of("..", "runbooks", "sandbox.yaml"));
    Files.writeString(dir.resolve("sandbox.yaml"), sandbox);
    Files.writeString(
        dir.resolve("live.yaml"),
        sandbox.replace("name: sandbox", "name: live").replace("target: sandbox", "target: aws"));
    Files.writeString(dir.resolve("broken.yaml"), sandbox.replace("name: sandbox", "name: other"));

    WorkerReport report =
        new DoctorActivitiesImpl(
                new ProfileLoader(dir, name -> null),
                region -> {
                  throw new IllegalStateException("Unable to load credentials for " + region);
                })
            .inspect(dev.drrunbooks.doctor.DoctorRequest.ALL);

    assertThat(report.healthy()).isFalse();
    assertThat(report.checks())
        .contains("OK   profile sandbox (sandbox)", "OK   profile live (aws)")
        .anyMatch(c -> c.startsWith("FAIL profile broken: ") && c.contains("must be 'broken'"))
        .anyMatch(
            c ->
                c.startsWith(
                        "FAIL AWS credentials for sandbox-primary do not resolve (needed by live):")
                    && c.contains("IllegalStateException"));
  }

  /**
   * A practice machine has no AWS credentials: checking the sandbox alone passes, and a check of
   * every profile says which profile needs them and how to check only the sandbox.
   */
  @Test
  void practiceMachine_sandboxAloneNeedsNoCredentials_andTheFailureSaysWhoNeedsThem()
      throws Exception {
    String sandbox = Files.readString(Path.of("..", "runbooks", "sandbox.yaml"));
    Files.writeString(dir.resolve("sandbox.yaml"), sandbox);
    Files.writeString(
        dir.resolve("live.yaml"),
        sandbox.replace("name: sandbox", "name: live").replace("target: sandbox", "target: aws"));
    DoctorActivitiesImpl doctor =
        new DoctorActivitiesImpl(
            new ProfileLoader(dir, name -> null),
            region -> {
              throw new IllegalStateException("Unable to load credentials from any provider");
            });

    WorkerReport sandboxOnly = doctor.inspect(new dev.drrunbooks.doctor.DoctorRequest("sandbox"));
    WorkerReport all = doctor.inspect(dev.drrunbooks.doctor.DoctorRequest.ALL);

    assertThat(sandboxOnly.healthy()).as(sandboxOnly.checks().toString()).isTrue();
    assertThat(sandboxOnly.checks()).containsExactly("OK   profile sandbox (sandbox)");
    assertThat(all.healthy()).isFalse();
    assertThat(all.checks())
        .anyMatch(
            c ->
                c.contains("(needed by live)")
                    && c.contains("'./runbook doctor --service sandbox'"));
  }

  /** The credential source in words, in the default chain's order, never a metric code. */
  @Test
  void credentialSource_isNamedForAPerson() {
    java.util.Properties none = new java.util.Properties();
    assertThat(
            DoctorActivitiesImpl.credentialSource(
                java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), none))
        .isEqualTo("environment variables (AWS_ACCESS_KEY_ID)")
        .doesNotContain("AKIDEXAMPLE");
    assertThat(
            DoctorActivitiesImpl.credentialSource(
                java.util.Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"), none))
        .startsWith("a web identity token");
    java.util.Properties props = new java.util.Properties();
    props.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    assertThat(DoctorActivitiesImpl.credentialSource(java.util.Map.of(), props))
        .isEqualTo("Java system properties (aws.accessKeyId)");
  }
}
