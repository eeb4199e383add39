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
            .inspect();

    assertThat(report.healthy()).isFalse();
    assertThat(report.checks())
        .contains("OK   profile sandbox (sandbox)", "OK   profile live (aws)")
        .anyMatch(c -> c.startsWith("FAIL profile broken: ") && c.contains("must be 'broken'"))
        .anyMatch(
            c ->
                c.startsWith("FAIL AWS credentials for sandbox-primary do not resolve:")
                    && c.contains("IllegalStateException"));
  }
}
