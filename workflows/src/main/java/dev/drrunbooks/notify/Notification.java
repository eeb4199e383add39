package dev.drrunbooks.notify;

import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import java.util.List;

/** One message to the people running a recovery, sent to every channel of the profile. */
public record Notification(
    String service,
    String procedure,
    String workflowId,
    String incidentId,
    Level level,
    String title,
    String message,
    List<NotificationChannel> channels) {

  public enum Level {
    INFO,
    WARNING,
    CRITICAL
  }
}
