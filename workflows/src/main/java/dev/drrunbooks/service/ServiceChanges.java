package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls that change the service. Kept apart from {@link ServiceChecks} so that a dry run can be
 * proven never to schedule them. Each is idempotent: it reads the service first and does nothing
 * when the service is already in the requested state, so a retry after a lost response does not
 * deploy twice.
 */
@ActivityInterface
public interface ServiceChanges {

  @ActivityMethod(name = "UpdateServiceRevision")
  ServiceChange updateService(UpdateServiceCommand command);

  @ActivityMethod(name = "ScaleService")
  ServiceChange scaleService(ScaleServiceCommand command);

  /** Scale to the count and force a new deployment, unless the service is already at it. */
  @ActivityMethod(name = "StartService")
  ServiceChange startService(StartServiceCommand command);

  /** Force a new deployment of the same revision, so tasks re-read their env and config files. */
  @ActivityMethod(name = "RedeployService")
  ServiceChange redeployService(RedeployCommand command);

  @ActivityMethod(name = "MarkRevisionBad")
  ServiceChange markRevisionBad(MarkRevisionCommand command);

  /** Removes the known-bad tags again (ECS UntagResource), recording nothing on the revision. */
  @ActivityMethod(name = "UnmarkRevisionBad")
  ServiceChange unmarkRevisionBad(MarkRevisionCommand command);
}
