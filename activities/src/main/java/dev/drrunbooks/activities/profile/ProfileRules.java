package dev.drrunbooks.activities.profile;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Ecs;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.rollback.AppRollbackRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a valid profile is, field by field: every problem of a file is found at once, each naming
 * the field that is wrong and why.
 */
final class ProfileRules {

  static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
  static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  /** Automatic rollback triggers: every trigger a rollback knows except a manual start. */
  static final List<String> TRIGGERS =
      AppRollbackRequest.TRIGGERS.stream()
          .filter(t -> !AppRollbackRequest.MANUAL.equals(t))
          .toList();

  private ProfileRules() {}

  /** Every problem of the profile at once, each naming its field. */
  static List<String> validate(String service, ServiceProfile p) {
    List<String> problems = new ArrayList<>();
    ProfileCheck c = new ProfileCheck(problems);
    c.that(
        service.equals(p.name()),
        "name",
        "must be '" + service + "' (the file name), was '" + p.name() + "'");
    identity(c, p);
    objectives(c, p);
    ecs(c, p);
    health(c, p);
    sections(c, p);
    database(c, p);
    people(c, p);
    policy(c, p);
    notifications(c, p);
    timings(c, p);
    return problems;
  }

  private static void identity(ProfileCheck c, ServiceProfile p) {
    c.that(p.target() != null, "target", "is required: aws or sandbox");
  }

  private static void objectives(ProfileCheck c, ServiceProfile p) {
    if (c.present(p.objectives(), "objectives")) {
      c.that(
          p.objectives().rtoMinutes() > 0,
          "objectives.rtoMinutes",
          "must be more than 0 (was " + p.objectives().rtoMinutes() + ")");
      c.that(
          p.objectives().rpoMinutes() > 0,
          "objectives.rpoMinutes",
          "must be more than 0 (was " + p.objectives().rpoMinutes() + ")");
      double a = p.objectives().availabilityPercent();
      c.that(
          a > 0 && a <= 100,
          "objectives.availabilityPercent",
          "must be in (0, 100] (was " + a + ")");
    }
    if (c.present(p.regions(), "regions")) {
      c.text(p.regions().primary(), "regions.primary");
    }
  }

  private static void ecs(ProfileCheck c, ServiceProfile p) {
    if (c.present(p.ecs(), "ecs")) {
      c.text(p.ecs().cluster(), "ecs.cluster");
      c.text(p.ecs().service(), "ecs.service");
      c.text(p.ecs().taskFamily(), "ecs.taskFamily");
      c.that(
          Ecs.STRATEGIES.contains(p.ecs().strategyOrDefault()),
          "ecs.rollbackStrategy",
          "must be one of "
              + String.join(", ", Ecs.STRATEGIES)
              + " (was '"
              + p.ecs().rollbackStrategy()
              + "')");
      c.that(
          p.ecs().gradualBatchPercent() >= 1 && p.ecs().gradualBatchPercent() <= 100,
          "ecs.gradualBatchPercent",
          "must be in [1, 100] (was " + p.ecs().gradualBatchPercent() + ")");
      c.that(
          p.ecs().maxDesiredCount() >= 1,
          "ecs.maxDesiredCount",
          "must be 1 or more: the most tasks a run may scale the service to (was "
              + p.ecs().maxDesiredCount()
              + ")");
    }
    if (c.present(p.logs(), "logs")) {
      c.text(p.logs().logGroup(), "logs.logGroup");
      c.that(
          p.logs().lookbackMinutes() > 0,
          "logs.lookbackMinutes",
          "must be more than 0 (was " + p.logs().lookbackMinutes() + ")");
    }
  }

  private static void health(ProfileCheck c, ServiceProfile p) {
    if (c.present(p.health(), "health")) {
      c.that(
          p.health().url() != null && p.health().url().matches("https?://\\S+"),
          "health.url",
          "must be an http(s) URL (was '" + p.health().url() + "')");
      double max = p.health().maxErrorRatePercent();
      c.that(
          max >= 0 && max <= 100,
          "health.maxErrorRatePercent",
          "must be in [0, 100] (was " + max + ")");
      c.that(
          p.health().errorRateWindowMinutes() > 0,
          "health.errorRateWindowMinutes",
          "must be more than 0");
      int period = p.health().metricPeriodSeconds();
      c.that(
          period == 1
              || period == 5
              || period == 10
              || period == 30
              || (period > 0 && period % 60 == 0),
          "health.metricPeriodSeconds",
          "must be 1, 5, 10, 30 or a multiple of 60, as CloudWatch allows (was " + period + ")");
      c.that(
          p.health().minRequests() >= 1,
          "health.minRequests",
          "must be 1 or more (was " + p.health().minRequests() + ")");
      c.that(
          p.health().maxLatencyP90Millis() >= 0,
          "health.maxLatencyP90Millis",
          "must be 0 (not judged) or more (was " + p.health().maxLatencyP90Millis() + ")");
      c.that(
          p.health().verifyTimeoutSeconds() > 0,
          "health.verifyTimeoutSeconds",
          "must be more than 0 (was " + p.health().verifyTimeoutSeconds() + ")");
    }
  }

  private static void sections(ProfileCheck c, ServiceProfile p) {
    if (p.sync() != null) {
      SectionRules.validateSync(c, p.sync());
    }
    if (p.failover() != null) {
      SectionRules.validateFailover(c, p);
    }
    if (p.backup() != null && p.backup().maxSetAgeMinutes() != null) {
      int maxAge = p.backup().maxSetAgeMinutes();
      c.that(
          maxAge >= 1 && maxAge <= 7 * 24 * 60,
          "backup.maxSetAgeMinutes",
          "must be from 1 to 10080 (a week) (was " + maxAge + ")");
    }
  }

  private static void database(ProfileCheck c, ServiceProfile p) {
    if (p.database() != null) {
      c.text(p.database().host(), "database.host");
      c.that(
          p.database().port() >= 1 && p.database().port() <= 65535,
          "database.port",
          "must be from 1 to 65535 (was " + p.database().port() + ")");
      var restore = p.database().restore();
      if (restore != null) {
        c.that(
            (restore.subnetGroup() == null)
                == (restore.securityGroupIds() == null || restore.securityGroupIds().isEmpty()),
            "database.restore",
            "names the network with both subnetGroup and securityGroupIds, or neither (a restore"
                + " then copies them from the source instance)");
        if (restore.securityGroupIds() != null) {
          for (String sg : restore.securityGroupIds()) {
            c.that(
                sg != null && sg.matches("sg-[0-9a-f]{8,17}"),
                "database.restore.securityGroupIds",
                "must be security group ids like sg-0123abcd (was " + sg + ")");
          }
        }
      }
    }
    if (p.incident() != null) {
      SectionRules.validateIncident(c, p.incident());
    }
  }

  private static void people(ProfileCheck c, ServiceProfile p) {
    c.that(
        p.approvers() != null
            && !p.approvers().isEmpty()
            && p.approvers().stream().noneMatch(a -> a == null || a.isBlank()),
        "approvers",
        "must list at least one person, without blanks");
    if (p.approverChatIds() != null) {
      p.approverChatIds()
          .keySet()
          .forEach(
              name ->
                  c.that(
                      p.allowsApprover(name),
                      "approverChatIds." + name,
                      "is not one of the approvers: chat ids belong to approvers"));
    }
    if (p.contacts() != null) {
      for (int i = 0; i < p.contacts().size(); i++) {
        ServiceProfile.Contact contact = p.contacts().get(i);
        String at = "contacts[" + i + "]";
        if (!c.present(contact, at)) {
          continue;
        }
        c.text(contact.role(), at + ".role");
        c.that(
            java.util.stream.Stream.of(contact.phone(), contact.email(), contact.url())
                .anyMatch(v -> v != null && !v.isBlank()),
            at,
            "needs a way to reach " + contact.role() + ": phone, email or url");
      }
    }
  }

  private static void policy(ProfileCheck c, ServiceProfile p) {
    if (p.policy() != null && p.policy().autoApproveRollbackTriggers() != null) {
      for (String t : p.policy().autoApproveRollbackTriggers()) {
        c.that(
            TRIGGERS.contains(t),
            "policy.autoApproveRollbackTriggers",
            "'" + t + "' is not an automatic trigger; use " + String.join(", ", TRIGGERS));
      }
    }
  }

  private static void notifications(ProfileCheck c, ServiceProfile p) {
    if (p.notifications() != null) {
      for (int i = 0; i < p.notifications().size(); i++) {
        NotificationChannel ch = p.notifications().get(i);
        String at = "notifications[" + i + "]";
        if (!c.present(ch, at)) {
          continue;
        }
        c.that(
            NotificationChannel.TYPES.contains(ch.type()),
            at + ".type",
            "must be one of "
                + String.join(", ", NotificationChannel.TYPES)
                + " (was '"
                + ch.type()
                + "')");
        if (ch.secretEnv() != null) {
          c.that(
              ENV_NAME.matcher(ch.secretEnv()).matches(),
              at + ".secretEnv",
              "must name the environment variable that holds the signing secret");
        }
        if ("email".equals(ch.type())) {
          c.that(
              ch.recipients() != null
                  && !ch.recipients().isEmpty()
                  && ch.recipients().stream()
                      .allMatch(r -> r != null && r.matches("[^@\\s]+@[^@\\s]+")),
              at + ".recipients",
              "must list e-mail addresses (the contacts of plan section 8)");
        }
        if (!"log".equals(ch.type())) {
          c.that(
              ch.urlEnv() != null && ENV_NAME.matcher(ch.urlEnv()).matches(),
              at + ".urlEnv",
              "must name the environment variable that holds the webhook URL (the URL is a secret and stays out of the profile)");
        }
      }
    }
  }

  private static void timings(ProfileCheck c, ServiceProfile p) {
    if (c.present(p.timings(), "timings")) {
      c.that(
          p.timings().steadyStatePollSeconds() > 0,
          "timings.steadyStatePollSeconds",
          "must be more than 0");
      c.that(
          p.timings().steadyStateTimeoutMinutes() > 0,
          "timings.steadyStateTimeoutMinutes",
          "must be more than 0");
      c.that(
          p.timings().approvalReminderMinutes() > 0,
          "timings.approvalReminderMinutes",
          "must be more than 0");
    }
  }
}
