package dev.drrunbooks.notify;

import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import java.util.List;

/**
 * One message to the people running a recovery, sent to every channel of the profile. {@code gate}
 * names the gate it asks someone to decide, so a chat channel can offer Approve / Reject buttons.
 */
public record Notification(
    String service,
    String procedure,
    String workflowId,
    String incidentId,
    Level level,
    String title,
    String message,
    List<NotificationChannel> channels,
    String gate) {

  /** A notification that asks nobody to decide a gate. */
  public Notification(
      String service,
      String procedure,
      String workflowId,
      String incidentId,
      Level level,
      String title,
      String message,
      List<NotificationChannel> channels) {
    this(service, procedure, workflowId, incidentId, level, title, message, channels, null);
  }

  public enum Level {
    INFO,
    WARNING,
    CRITICAL
  }
}
