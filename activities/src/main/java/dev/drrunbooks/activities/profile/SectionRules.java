package dev.drrunbooks.activities.profile;

import dev.drrunbooks.profile.ServiceProfile;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rules of a profile's optional sections: sync, failover, incident; and how tokens are named.
 */
final class SectionRules {

  private SectionRules() {}

  /**
   * A token is named, never held: an environment variable of the worker, or a Secrets Manager
   * secret by ARN; exactly one.
   */
  private static void token(ProfileCheck c, String at, String env, String secretArn) {
    boolean hasEnv = env != null && !env.isBlank();
    boolean hasSecret = secretArn != null && !secretArn.isBlank();
    c.that(
        hasEnv != hasSecret,
        at + ".tokenEnv",
        "or "
            + at
            + ".tokenSecretArn: exactly one must say where the token is (it is a secret and"
            + " stays out of the profile)");
    if (hasEnv) {
      c.that(
          ProfileRules.ENV_NAME.matcher(env).matches(),
          at + ".tokenEnv",
          "must name the environment variable that holds the token (the token is a secret and"
              + " stays out of the profile)");
    }
    if (hasSecret) {
      c.that(
          secretArn.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+"),
          at + ".tokenSecretArn",
          "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:region:account:secret:name)");
    }
  }

  /** Optional: without it every incident waits for its commander and reports stay local. */
  static void validateIncident(ProfileCheck c, ServiceProfile.Incident incident) {
    List<String> procedures =
        dev.drrunbooks.incident.Recoveries.NAMES.stream()
            .filter(n -> !dev.drrunbooks.incident.Recoveries.NONE.equals(n))
            .toList();
    List<String> severities =
        Stream.of(dev.drrunbooks.incident.Severity.values()).map(Enum::name).toList();
    List<ServiceProfile.Incident.AutoStart> rules =
        incident.autoStart() == null ? List.of() : incident.autoStart();
    for (int i = 0; i < rules.size(); i++) {
      ServiceProfile.Incident.AutoStart rule = rules.get(i);
      String at = "incident.autoStart[" + i + "]";
      if (!c.present(rule, at)) {
        continue;
      }
      c.that(
          procedures.contains(rule.procedure()),
          at + ".procedure",
          "must be one of " + String.join(", ", procedures) + " (was '" + rule.procedure() + "')");
      c.that(
          rule.alerts() != null
              && !rule.alerts().isEmpty()
              && rule.alerts().stream().noneMatch(a -> a == null || a.isBlank()),
          at + ".alerts",
          "must name at least one alert; a manual incident never starts a recovery by itself");
      c.that(
          rule.severities() != null
              && !rule.severities().isEmpty()
              && severities.containsAll(rule.severities()),
          at + ".severities",
          "must list severities from " + String.join(", ", severities));
    }
    if (incident.reportBucket() != null) {
      c.that(
          incident.reportBucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
          "incident.reportBucket",
          "must be an S3 bucket name (was '" + incident.reportBucket() + "')");
    }
  }

  /** Optional too: without it a region failover is refused, saying what is missing. */
  static void validateFailover(ProfileCheck c, ServiceProfile p) {
    ServiceProfile.Failover f = p.failover();
    c.that(
        p.regions() != null && p.regions().standby() != null && !p.regions().standby().isBlank(),
        "regions.standby",
        "is required with a failover section");
    c.that(
        p.dns() != null && p.dns().hostedZoneId() != null && p.dns().recordName() != null,
        "dns",
        "hostedZoneId and recordName are required with a failover section");
    if (c.present(f.standby(), "failover.standby")) {
      c.text(f.standby().cluster(), "failover.standby.cluster");
      c.text(f.standby().service(), "failover.standby.service");
      c.text(f.standby().targetGroupArn(), "failover.standby.targetGroupArn");
      c.text(f.standby().loadBalancerDnsName(), "failover.standby.loadBalancerDnsName");
      int max = p.ecs() == null ? 1 : p.ecs().maxDesiredCount();
      c.that(
          f.standby().idleCount() >= 0 && f.standby().idleCount() <= f.standby().desiredCount(),
          "failover.standby.idleCount",
          "must be from 0 to failover.standby.desiredCount (was " + f.standby().idleCount() + ")");
      c.that(
          f.standby().desiredCount() >= 1 && f.standby().desiredCount() <= max,
          "failover.standby.desiredCount",
          "must be from 1 to ecs.maxDesiredCount "
              + max
              + " (was "
              + f.standby().desiredCount()
              + ")");
    }
    if (f.database() != null) {
      c.text(f.database().replicaInstanceId(), "failover.database.replicaInstanceId");
    }
    if (f.routingControl() != null) {
      ServiceProfile.Failover.RoutingControl rc = f.routingControl();
      c.text(rc.primaryControlArn(), "failover.routingControl.primaryControlArn");
      c.text(rc.standbyControlArn(), "failover.routingControl.standbyControlArn");
      c.that(
          rc.endpoints() != null
              && !rc.endpoints().isEmpty()
              && rc.endpoints().stream()
                  .allMatch(
                      e ->
                          e != null
                              && e.url() != null
                              && e.url().matches("https?://\\S+")
                              && e.region() != null
                              && !e.region().isBlank()),
          "failover.routingControl.endpoints",
          "must list the cluster's endpoints, each with url and region");
    }
    if (c.present(f.dns(), "failover.dns")) {
      String type = f.dns().recordType();
      c.that(
          ServiceProfile.Failover.DnsSwitch.CNAME.equals(type)
              || ServiceProfile.Failover.DnsSwitch.ALIAS.equals(type),
          "failover.dns.recordType",
          "must be CNAME or ALIAS (was '" + type + "')");
      c.that(
          f.dns().ttlSeconds() >= 1 && f.dns().ttlSeconds() <= 86400,
          "failover.dns.ttlSeconds",
          "must be from 1 to 86400 (was " + f.dns().ttlSeconds() + ")");
      c.text(f.dns().primaryLoadBalancerDnsName(), "failover.dns.primaryLoadBalancerDnsName");
      if (ServiceProfile.Failover.DnsSwitch.ALIAS.equals(type)) {
        c.text(
            f.dns().primaryLoadBalancerHostedZoneId(),
            "failover.dns.primaryLoadBalancerHostedZoneId");
        if (f.standby() != null) {
          c.text(
              f.standby().loadBalancerHostedZoneId(), "failover.standby.loadBalancerHostedZoneId");
        }
      }
    }
  }

  /** The sync section is optional: without it a validation says the data checks cannot run. */
  static void validateSync(ProfileCheck c, ServiceProfile.Sync sync) {
    if (c.present(sync.gitee(), "sync.gitee")) {
      c.that(
          sync.gitee().baseUrl() != null && sync.gitee().baseUrl().matches("https?://\\S+"),
          "sync.gitee.baseUrl",
          "must be an http(s) URL, e.g. https://gitee.com/api/v5");
      token(c, "sync.gitee", sync.gitee().tokenEnv(), sync.gitee().tokenSecretArn());
      List<String> repos = sync.gitee().repositories();
      c.that(
          repos != null
              && !repos.isEmpty()
              && repos.stream()
                  .allMatch(r -> r != null && ProfileRules.REPOSITORY.matcher(r).matches()),
          "sync.gitee.repositories",
          "must list the synced repositories as owner/repo");
    }
    if (c.present(sync.notion(), "sync.notion")) {
      ServiceProfile.Sync.Notion n = sync.notion();
      c.that(
          n.baseUrl() != null && n.baseUrl().matches("https?://\\S+"),
          "sync.notion.baseUrl",
          "must be an http(s) URL, e.g. https://api.notion.com");
      token(c, "sync.notion", n.tokenEnv(), n.tokenSecretArn());
      c.that(
          n.version() != null && n.version().matches("\\d{4}-\\d{2}-\\d{2}"),
          "sync.notion.version",
          "must be a Notion-Version date, e.g. 2025-09-03");
      c.text(n.dataSourceId(), "sync.notion.dataSourceId");
      c.text(n.keyProperty(), "sync.notion.keyProperty");
      c.text(n.titleProperty(), "sync.notion.titleProperty");
      c.text(n.updatedProperty(), "sync.notion.updatedProperty");
    }
    if (sync.canary() != null && sync.canary().enabled()) {
      c.that(
          sync.canary().repository() != null
              && ProfileRules.REPOSITORY.matcher(sync.canary().repository()).matches(),
          "sync.canary.repository",
          "must be owner/repo");
      c.text(sync.canary().issueNumber(), "sync.canary.issueNumber");
      c.that(
          sync.canary().timeoutSeconds() > 0, "sync.canary.timeoutSeconds", "must be more than 0");
    }
    c.that(
        sync.recentIssues() >= 1 && sync.recentIssues() <= 100,
        "sync.recentIssues",
        "must be in [1, 100] (was " + sync.recentIssues() + ")");
  }
}
