package dev.drrunbooks.incident;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Runbook;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who may decide what for an incident, and when the profile lets the proposal start itself. */
final class DecisionRules {

  private DecisionRules() {}

  /**
   * Rejects a decision that does not fit: no commander, no such recovery, no decision waiting,
   * someone who is not one of the profile's approvers, or a recovery the profile cannot serve.
   */
  static void check(
      DecideRequest request,
      boolean waiting,
      ServiceProfile profile,
      String service,
      Runbook runbook) {
    if (request == null || request.actor() == null || request.actor().isBlank()) {
      throw new IllegalArgumentException(
          "decide needs the commander's name, e.g. {\"procedure\":\"app-rollback\",\"actor\":\"ops-lead\"}");
    }
    if (request.procedure() == null || !Recoveries.NAMES.contains(request.procedure())) {
      throw new IllegalArgumentException(
          "procedure '"
              + request.procedure()
              + "' is not one of "
              + String.join(", ", Recoveries.NAMES));
    }
    if (!waiting) {
      throw new IllegalArgumentException(
          "the incident is not waiting for a decision (it is " + runbook.progress().status() + ")");
    }
    if (profile == null || !profile.allowsApprover(request.actor())) {
      throw new IllegalArgumentException(
          "'"
              + request.actor()
              + "' may not decide for service "
              + service
              + (profile == null ? "" : "; allowed: " + String.join(", ", profile.approvers())));
    }
    if (Recoveries.DATA_RESTORE.equals(request.procedure()) && !canRestoreData(profile)) {
      throw new IllegalArgumentException(
          "data-restore needs the profile's database.name, database.secretArn and backup section,"
              + " which "
              + profile.name()
              + " does not have");
    }
    if (!Recoveries.NONE.equals(request.procedure())) {
      boolean needsStandby =
          !Recoveries.APP_ROLLBACK.equals(request.procedure())
              && !Recoveries.DATA_RESTORE.equals(request.procedure());
      if (needsStandby && profile.failover() == null) {
        throw new IllegalArgumentException(
            request.procedure()
                + " needs the profile's failover section, which "
                + profile.name()
                + " does not have");
      }
    }
  }

  /** Why the profile lets the proposal start by itself, or null when a person decides. */
  static String policy(
      IncidentRequest opened, ServiceProfile profile, Classification classification) {
    Trigger trigger = opened.triggerOrManual();
    if (!trigger.fromAlert()
        || profile.incident() == null
        || profile.incident().autoStart() == null) {
      return null;
    }
    for (ServiceProfile.Incident.AutoStart rule : profile.incident().autoStart()) {
      if (rule.procedure() != null
          && rule.procedure().equals(classification.proposed())
          && rule.alerts() != null
          && rule.alerts().contains(trigger.name())
          && rule.severities() != null
          && rule.severities().contains(classification.severity().name())) {
        return "the profile's incident.autoStart runs "
            + rule.procedure()
            + " for alert "
            + trigger.name()
            + " at "
            + classification.severity();
      }
    }
    return null;
  }

  /** DataRestore needs the database's name and credentials secret, and a backup bucket. */
  static boolean canRestoreData(ServiceProfile p) {
    return p.database() != null
        && p.database().name() != null
        && p.database().secretArn() != null
        && p.backup() != null;
  }

  /**
   * The classifier's verdict, proposing nothing the profile cannot serve, and what the reporter
   * asked for when it differs (with why, so the commander sees both).
   */
  static Classification classify(
      Assessment assessment, ServiceProfile profile, IncidentRequest opened, Instant now) {
    boolean hasStandby = profile.failover() != null && profile.regions().standby() != null;
    Classification c = Classifier.classify(assessment, hasStandby, now);
    if (Recoveries.DATA_RESTORE.equals(c.proposed()) && !canRestoreData(profile)) {
      // A profile DataRestore cannot serve: nothing is proposed.
      c = new Classification(c.type(), c.severity(), Recoveries.NONE, c.reasons(), c.by(), c.at());
    }
    if (opened.procedure() != null && !opened.procedure().equals(c.proposed())) {
      List<String> why = new ArrayList<>(c.reasons());
      why.add(
          (opened.requestedBy() == null || opened.requestedBy().isBlank()
                  ? "unknown"
                  : opened.requestedBy())
              + " asked for "
              + opened.procedure()
              + " (the assessment proposed "
              + c.proposed()
              + ")");
      c = new Classification(c.type(), c.severity(), opened.procedure(), why, c.by(), c.at());
    }
    return c;
  }

  /** The decision gate's question: the classification, the proposal and how to choose. */
  static String question(String why, Classification classification) {
    return (why == null ? "" : why + ". ")
        + classification.oneLine()
        + " ("
        + String.join("; ", classification.reasons())
        + "). Approve to run "
        + classification.proposed()
        + ", or choose: ./runbook decide "
        + Workflow.getInfo().getWorkflowId()
        + " --procedure "
        + String.join("|", Recoveries.NAMES)
        + " --as <name>";
  }
}
