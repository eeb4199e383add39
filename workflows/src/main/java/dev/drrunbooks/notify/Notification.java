package dev.drrunbooks.notify;

import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import java.util.List;

/**
 * One message to the people running a recovery, sent to every channel of the profile. {@code gate}
 * names the gate it asks someone to decide, so a chat channel can offer Approve / Reject buttons;
 * the buttons carry {@code runId} and {@code ticket}, the one-time ticket the run issued when the
 * gate opened, so that a click decides this opening of this gate of this run and nothing else.
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
    String gate,
    String runId,
    String ticket) {

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
    this(
        service,
        procedure,
        workflowId,
        incidentId,
        level,
        title,
        message,
        channels,
        null,
        null,
        null);
  }

  public enum Level {
    INFO,
    WARNING,
    CRITICAL
  }
}
