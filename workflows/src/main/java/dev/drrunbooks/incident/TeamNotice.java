package dev.drrunbooks.incident;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The incident's first message to the team: what happened, how bad, what is proposed. */
final class TeamNotice {

  private TeamNotice() {}

  static void send(
      Runbook runbook,
      IncidentRequest opened,
      ServiceProfile profile,
      Classification classification) {
    NotifyActivities notifier =
        Workflow.newActivityStub(
            NotifyActivities.class, summarised(RunbookOptions.NOTIFY, "notify the team"));
    Notification message =
        new Notification(
            opened.service(),
            Procedure.INCIDENT_TYPE,
            Workflow.getInfo().getWorkflowId(),
            opened.incidentId(),
            level(classification.severity()),
            classification.severity()
                + " "
                + classification.type().name().toLowerCase().replace('_', ' ')
                + " incident on "
                + opened.service()
                + (opened.dryRun() ? " (dry run)" : ""),
            summary(opened, classification),
            profile.notifications() == null || profile.notifications().isEmpty()
                ? List.of(new ServiceProfile.NotificationChannel("log", null))
                : profile.notifications());
    runbook.step(
        IncidentResponseWorkflowImpl.NOTIFY_TEAM,
        () -> {
          try {
            int accepted = notifier.notify(message);
            return accepted + (accepted == 1 ? " channel accepted it" : " channels accepted it");
          } catch (ActivityFailure lost) {
            return "NOT delivered: " + Failures.reasonOf(lost);
          }
        },
        s -> s);
  }

  private static String summary(IncidentRequest opened, Classification classification) {
    StringBuilder text = new StringBuilder();
    text.append(opened.triggerOrManual().oneLine());
    if (opened.reason() != null) {
      text.append(": ").append(opened.reason());
    }
    text.append(". ").append(classification.type()).append(' ').append(classification.severity());
    text.append(" because ").append(String.join("; ", classification.reasons()));
    text.append(". Proposed recovery: ").append(classification.proposed()).append('.');
    if (!opened.dryRun()) {
      text.append(" Decide with: ./runbook decide ")
          .append(Workflow.getInfo().getWorkflowId())
          .append(" --procedure ")
          .append(String.join("|", Recoveries.NAMES))
          .append(" --as <name>");
    }
    return text.toString();
  }

  private static Notification.Level level(Severity severity) {
    return switch (severity) {
      case SEV1, SEV2 -> Notification.Level.CRITICAL;
      case SEV3 -> Notification.Level.WARNING;
      case SEV4 -> Notification.Level.INFO;
    };
  }
}
