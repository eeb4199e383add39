package dev.drrunbooks.activities.profile;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;

/** The {@code LoadProfile} activity over a {@link ProfileLoader}. */
public class ProfileActivitiesImpl implements ProfileActivities {

  private final ProfileLoader loader;

  public ProfileActivitiesImpl(ProfileLoader loader) {
    this.loader = loader;
  }

  @Override
  public ServiceProfile loadProfile(String service) {
    return loader.load(service);
  }
}
