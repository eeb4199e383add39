package dev.drrunbooks.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells the team (plan, section 5.1 step 2). Sending twice is harmless; losing one is not. */
@ActivityInterface
public interface NotifyActivities {

  /** Returns the channels that accepted the message. */
  @ActivityMethod(name = "Notify")
  int notify(Notification notification);
}
