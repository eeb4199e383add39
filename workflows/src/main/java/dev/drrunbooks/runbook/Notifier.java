package dev.drrunbooks.runbook;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Tells the team, in the background: a slow or dead channel never holds a step; whether a message
 * was delivered is recorded on the timeline and logged.
 */
final class Notifier {

  /**
   * How long a finished run waits for notifications still being delivered, so the last message
   * ("completed", "failed") is not dropped when the workflow closes. The run's status and clock
   * stop before this wait.
   */
  private static final Duration DRAIN = Duration.ofMinutes(2);

  private static final Logger log = Workflow.getLogger(Notifier.class);

  private final NotifyActivities activities =
      Workflow.newActivityStub(NotifyActivities.class, RunbookOptions.NOTIFY);
  private final Timeline timeline;
  private int pending;

  Notifier(Timeline timeline) {
    this.timeline = timeline;
  }

  void send(Notification n) {
    pending++;
    Async.function(activities::notify, n)
        .handle(
            (delivered, failure) -> {
              pending--;
              if (failure == null) {
                timeline.record(
                    Type.NOTIFICATION_SENT,
                    null,
                    Runbook.RUNBOOK_ACTOR,
                    n.title(),
                    Map.of("channels", String.valueOf(delivered)));
              } else {
                String why = Failures.reasonOf(failure);
                log.warn("Notification '{}' could not be delivered: {}", n.title(), why);
                timeline.record(
                    Type.NOTIFICATION_FAILED,
                    null,
                    Runbook.RUNBOOK_ACTOR,
                    n.title() + ": " + why,
                    Map.of());
              }
              return null;
            });
  }

  /** Waits, at most {@link #DRAIN}, for the messages still on their way. */
  void drain() {
    if (pending > 0) {
      Workflow.await(DRAIN, () -> pending == 0);
    }
  }
}
