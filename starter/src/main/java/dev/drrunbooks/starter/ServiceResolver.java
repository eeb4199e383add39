package dev.drrunbooks.starter;

import dev.drrunbooks.service.ServiceRef;

/**
 * Finds the resource a service profile protects, so a start is named after that resource (one
 * recovery per ECS service, whichever profile names it) and an unknown service is refused before
 * anything starts. The worker module supplies it from the profiles directory.
 */
@FunctionalInterface
public interface ServiceResolver {

  /**
   * The protected resource; throws a {@link CliException} with {@link ExitCode#BAD_INPUT} naming
   * the problem when the profile does not exist or is invalid.
   */
  ServiceRef resolve(String service);
}
