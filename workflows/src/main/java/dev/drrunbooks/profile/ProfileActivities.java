package dev.drrunbooks.profile;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Loads and validates service profiles; read-only. */
@ActivityInterface
public interface ProfileActivities {

  /** Failure type when no profile exists for the requested service. */
  String UNKNOWN_SERVICE = "UnknownService";

  /** Failure type when a profile exists but is malformed; the message names the field. */
  String INVALID_PROFILE = "InvalidProfile";

  @ActivityMethod(name = "LoadProfile")
  ServiceProfile loadProfile(String service);
}
