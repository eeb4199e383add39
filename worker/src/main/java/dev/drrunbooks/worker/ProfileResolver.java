package dev.drrunbooks.worker;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.starter.CliException;
import dev.drrunbooks.starter.ExitCode;
import dev.drrunbooks.starter.ServiceResolver;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;

/** Resolves a service profile from the profiles directory, for {@code runbook start}. */
final class ProfileResolver implements ServiceResolver {

  private final ProfileLoader loader;

  ProfileResolver(ProfileLoader loader) {
    this.loader = loader;
  }

  /** The profiles the worker reads too: {@code RUNBOOK_PROFILES_DIR}, else {@code runbooks/}. */
  static ProfileResolver fromEnvironment() {
    String dir = System.getenv("RUNBOOK_PROFILES_DIR");
    return new ProfileResolver(
        new ProfileLoader(Path.of(dir == null || dir.isBlank() ? "runbooks" : dir)));
  }

  @Override
  public ServiceRef resolve(String service) {
    try {
      return ServiceRef.primary(loader.load(service));
    } catch (ApplicationFailure e) {
      throw new CliException(ExitCode.BAD_INPUT, e.getOriginalMessage());
    }
  }
}
