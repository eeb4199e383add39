package dev.drrunbooks.profile;

import java.util.List;

/**
 * Everything specific to one protected service. Loaded from YAML under {@code runbooks/} by an
 * activity, so the exact configuration a run used is recorded in its history. A profile never holds
 * a secret: notification channels name the environment variable that holds their URL.
 */
public record ServiceProfile(
    String name,
    String description,
    Target target,
    Objectives objectives,
    Regions regions,
    Ecs ecs,
    Logs logs,
    LoadBalancer loadBalancer,
    Health health,
    Dns dns,
    Backup backup,
    Sync sync,
    Failover failover,
    Database database,
    Incident incident,
    List<String> approvers,
    java.util.Map<String, ChatIds> approverChatIds,
    Policy policy,
    List<NotificationChannel> notifications,
    Timings timings,
    List<Contact> contacts) {

  /** Where the service runs: real AWS, or the in-process simulation. */
  public enum Target {
    AWS,
    SANDBOX
  }

  /** Recovery objectives of the plan, section 2. */
  public record Objectives(int rtoMinutes, int rpoMinutes, double availabilityPercent) {}

  public record Regions(String primary, String standby) {}

  /**
   * The ECS service. {@code rollbackStrategy} is the default of AppRollback's {@code --strategy}:
   * {@code all-at-once} (one rolling deployment) or {@code gradual} (batches of {@code
   * gradualBatchPercent} of the tasks, each verified). {@code maxDesiredCount} bounds any scale-out
   * a run may ask for.
   */
  public record Ecs(
      String cluster,
      String service,
      String taskFamily,
      String knownBadTag,
      String rollbackStrategy,
      int gradualBatchPercent,
      int maxDesiredCount) {

    public static final String ALL_AT_ONCE = "all-at-once";
    public static final String GRADUAL = "gradual";
    public static final List<String> STRATEGIES = List.of(ALL_AT_ONCE, GRADUAL);

    public String strategyOrDefault() {
      return rollbackStrategy == null || rollbackStrategy.isBlank()
          ? ALL_AT_ONCE
          : rollbackStrategy;
    }
  }

  public record Logs(String logGroup, String errorPattern, int lookbackMinutes) {}

  /**
   * The load balancer in front of the service. The ARN suffixes are the CloudWatch dimension values
   * ({@code app/name/id}, {@code targetgroup/name/id}) used for the error rate.
   */
  public record LoadBalancer(
      String targetGroupArn, String loadBalancerArnSuffix, String targetGroupArnSuffix) {}

  /**
   * How health is judged: the public health URL, the highest acceptable 5xx rate and p90 response
   * time over whole metric periods ({@code metricPeriodSeconds}: 60 for ALB metrics), judged only
   * on at least {@code minRequests} requests. After a rollout, "not enough data yet" keeps looking
   * for at most {@code verifyTimeoutSeconds}.
   */
  public record Health(
      String url,
      double maxErrorRatePercent,
      int errorRateWindowMinutes,
      int metricPeriodSeconds,
      int minRequests,
      double maxLatencyP90Millis,
      int verifyTimeoutSeconds) {}

  public record Dns(String hostedZoneId, String recordName) {}

  /**
   * The backup bucket (plan 4.2, 5.2.2; task list section 2). Sets are written under {@code
   * <bucket>/<setId>/} and copied to {@code latest/}: {@code configKey} and {@code envVarsKey} are
   * the plan's {@code latest/config} and {@code latest/env_vars/.env}.
   *
   * @param region where the bucket is (default: the standby region, which a primary outage leaves
   *     reachable)
   * @param configSource where the service reads its config object ({@code s3://bucket/key}); null
   *     when it has none
   * @param retention how many sets a prune keeps
   * @param scratchPrefix where a backup verification's test restore writes (and then removes)
   * @param maxSetAgeMinutes how old the newest set may be before a verification fails: the
   *     schedule's interval plus its slack (default 90, for the plan's hourly incremental set). The
   *     RPO is the database's, kept by RDS's continuous backup (checked by every backup run); file
   *     sets are taken on their schedule, so holding them to a 5-minute RPO failed every
   *     verification five minutes after a set
   */
  public record Backup(
      String bucket,
      String configKey,
      String envVarsKey,
      String region,
      String configSource,
      Retention retention,
      String scratchPrefix,
      Integer maxSetAgeMinutes) {

    /** The plan's three keys only. */
    public Backup(String bucket, String configKey, String envVarsKey) {
      this(bucket, configKey, envVarsKey, null, null, null, null, null);
    }

    /** The default bound on the newest set's age: an hourly set, its run time and slack. */
    public static final int DEFAULT_MAX_SET_AGE_MINUTES = 90;

    public int maxSetAgeMinutesOrDefault() {
      return maxSetAgeMinutes == null ? DEFAULT_MAX_SET_AGE_MINUTES : maxSetAgeMinutes;
    }

    /** Keep the newest {@code keepSets}, and every set younger than {@code keepDays} days. */
    public record Retention(int keepSets, int keepDays) {}

    public Retention retentionOrDefault() {
      return retention == null ? new Retention(48, 14) : retention;
    }

    public String scratchPrefixOrDefault() {
      return scratchPrefix == null || scratchPrefix.isBlank() ? "scratch/" : scratchPrefix;
    }
  }

  /**
   * What the service syncs, so a validation can prove the data is there: the Gitee repositories it
   * reads, the Notion data source it writes, and how one Gitee issue is found in Notion. Tokens are
   * named by environment variable, never held here.
   *
   * @param recentIssues how many of each repository's most recently updated issues are compared
   * @param canary the opt-in key-function test; null or disabled: not run
   */
  public record Sync(Gitee gitee, Notion notion, int recentIssues, Canary canary) {

    /**
     * A comment on one Gitee issue kept for the purpose, which the sync must carry to Notion within
     * {@code timeoutSeconds}: the plan's "test key functions" (5.3), end to end. It writes to
     * Gitee, so it is off unless enabled.
     */
    public record Canary(
        boolean enabled, String repository, String issueNumber, int timeoutSeconds) {}

    /**
     * Gitee API v5. {@code repositories} as {@code owner/repo}. The token comes from the worker's
     * environment variable {@code tokenEnv}, or from the Secrets Manager secret {@code
     * tokenSecretArn} (its SecretString); exactly one of the two.
     */
    public record Gitee(
        String baseUrl, String tokenEnv, String tokenSecretArn, List<String> repositories) {}

    /**
     * Notion API. {@code version} is the pinned {@code Notion-Version}; the data source holds one
     * page per Gitee issue, found by {@code keyProperty} (rich text {@code owner/repo#number}). The
     * token, as for Gitee: {@code tokenEnv} or {@code tokenSecretArn}.
     */
    public record Notion(
        String baseUrl,
        String tokenEnv,
        String tokenSecretArn,
        String version,
        String dataSourceId,
        String keyProperty,
        String titleProperty,
        String updatedProperty) {}
  }

  /**
   * The standby region's copy of the service and how the public name moves to it (plan 3.3, 5.2.3).
   * The record named by {@link Dns} points at the primary's load balancer; a failover points it at
   * the standby's.
   *
   * @param standby the service in {@link Regions#standby()}
   * @param dns how the record is written: {@code CNAME} with {@code ttlSeconds}, or {@code ALIAS}
   *     (an A record aliased to the load balancer)
   * @param database the database's cross-region read replica in the standby region, if there is
   *     one; null when the standby serves the data its own database holds
   * @param routingControl ARC routing controls that move the name instead of a record UPSERT; null
   *     for a plain record
   */
  public record Failover(
      Standby standby, DnsSwitch dns, Database database, RoutingControl routingControl) {

    /**
     * When the public name is a Route 53 failover pair behind ARC routing controls: the control
     * that routes to each region, and the cluster's regional endpoints (any one answers; they are
     * tried in turn). A switch sets the target's control On and the other Off in one request, so
     * ARC's safety rules apply.
     */
    public record RoutingControl(
        String primaryControlArn, String standbyControlArn, List<ClusterEndpoint> endpoints) {

      /** One of the cluster's five regional endpoints, e.g. https://host.example/v1. */
      public record ClusterEndpoint(String url, String region) {}
    }

    /** An RDS read replica of the primary's database, in the standby region. */
    public record Database(String replicaInstanceId) {}

    /**
     * The standby service and its load balancer. {@code desiredCount} is what a failover starts it
     * with (at most {@code ecs.maxDesiredCount}); {@code idleCount} is what a failback returns it
     * to (0 for a pilot light).
     */
    public record Standby(
        String cluster,
        String service,
        int desiredCount,
        int idleCount,
        String targetGroupArn,
        String loadBalancerArnSuffix,
        String targetGroupArnSuffix,
        String loadBalancerDnsName,
        String loadBalancerHostedZoneId) {}

    /** The record's type and the primary's load balancer, so a failback knows where home is. */
    public record DnsSwitch(
        String recordType,
        int ttlSeconds,
        String primaryLoadBalancerDnsName,
        String primaryLoadBalancerHostedZoneId) {

      public static final String CNAME = "CNAME";
      public static final String ALIAS = "ALIAS";
    }
  }

  /**
   * The service's database as the application reaches it. An incident's assessment opens a TCP
   * connection to it (no credentials: reachability, the plan's "connection timeout" symptom).
   * DataRestore also logs in (plan 3.2) with the Secrets Manager secret {@code secretArn} (JSON
   * with {@code username} and {@code password}), checks the service's {@code tables} exist, and
   * restores the RDS instance {@code instanceId} to a point in time; a full backup exports the
   * tables, a backup verification loads them into {@code scratch} with the tables of {@code
   * schemaFile} (a SQL file beside the profile). A restored instance lands in the source's subnet
   * group and security groups with its parameter group, class and Multi-AZ; {@code restore} names
   * them where they must differ, and must name the network for a restore of a deleted instance.
   */
  public record Database(
      String host,
      int port,
      String name,
      String instanceId,
      String secretArn,
      Env env,
      List<String> tables,
      String schemaFile,
      Scratch scratch,
      dev.drrunbooks.profile.RestorePlacement restore) {

    /** Reachability only (an incident's probe). */
    public Database(String host, int port) {
      this(host, port, null, null, null, null, null, null, null, null);
    }

    /**
     * The env-file variables holding the service's connection settings (defaults {@code DB_HOST},
     * {@code DB_USER}, {@code DB_PASSWORD}).
     */
    public record Env(String hostVar, String userVar, String passwordVar) {}

    /**
     * The database a backup verification loads an export into (its own secret); a fresh schema per
     * run, dropped afterwards.
     */
    public record Scratch(String host, int port, String name, String secretArn) {}

    public Env envOrDefault() {
      Env e = env == null ? new Env(null, null, null) : env;
      return new Env(
          e.hostVar() == null ? "DB_HOST" : e.hostVar(),
          e.userVar() == null ? "DB_USER" : e.userVar(),
          e.passwordVar() == null ? "DB_PASSWORD" : e.passwordVar());
    }

    public List<String> tablesOrEmpty() {
      return tables == null ? List.of() : tables;
    }
  }

  /**
   * How an incident on this service is run (plan 5.1).
   *
   * @param autoStart which proposed procedures may start without the commander's decision, for
   *     which alerts and severities; a manual incident always waits for a decision
   * @param reportBucket where reports are stored on AWS, under {@code reportPrefix} (default {@code
   *     incidents/}), in {@code reportRegion} (default the standby region, which a primary outage
   *     leaves working); the sandbox writes them to the worker's report folder
   */
  public record Incident(
      List<AutoStart> autoStart, String reportBucket, String reportPrefix, String reportRegion) {

    /**
     * A proposed {@code procedure} starts by itself when the incident's alert is one of {@code
     * alerts} and its severity one of {@code severities}.
     */
    public record AutoStart(String procedure, List<String> alerts, List<String> severities) {}
  }

  /**
   * Which rollback triggers may proceed without a human approval (task list, section 1: health
   * check failed, error-rate spike, performance threshold). A manual rollback always waits.
   */
  public record Policy(List<String> autoApproveRollbackTriggers) {}

  /**
   * A notification channel: {@code log}; {@code webhook} (generic JSON), {@code slack} (incoming
   * webhook, Block Kit), {@code feishu} (飞书 custom bot, interactive card) or {@code dingtalk} (钉钉
   * custom robot, markdown) whose URL is in the environment variable {@code urlEnv}; Feishu and
   * DingTalk bots with signing enabled take their secret from {@code secretEnv}. {@code email}
   * sends to {@code recipients} (the contacts of plan section 8) through the SMTP server whose URL
   * ({@code smtp://user@host:587?from=...}) is in {@code urlEnv}, its password in {@code
   * secretEnv}. No URL or secret is ever in the profile, a workflow's history or a log line.
   */
  public record NotificationChannel(
      String type, String urlEnv, String secretEnv, List<String> recipients) {

    public static final List<String> TYPES =
        List.of("log", "webhook", "slack", "feishu", "dingtalk", "email");

    /** A channel without a signing secret. */
    public NotificationChannel(String type, String urlEnv) {
      this(type, urlEnv, null, null);
    }

    /** A chat channel with its signing secret. */
    public NotificationChannel(String type, String urlEnv, String secretEnv) {
      this(type, urlEnv, secretEnv, null);
    }
  }

  /** Timings that differ between real AWS and the (faster) sandbox. */
  public record Timings(
      int steadyStatePollSeconds, int steadyStateTimeoutMinutes, int approvalReminderMinutes) {}

  /**
   * An approver's user ids in the team's chats, so a button clicked in chat is an approval by that
   * approver: the receiver verifies the platform's signature, then looks the clicking user up here.
   */
  public record ChatIds(String slack, String feishu, String dingtalk) {}

  /**
   * Who is called about this service (plan section 8): the team's leads ({@code role} such as
   * {@code ops-lead}, matching an approver's name where they approve) and external support ({@code
   * aws-support}, {@code notion-support}, {@code gitee-support}). Kept with the service, not in
   * prose, so an incident's report and its on-call can print them; reviewed with the profile.
   */
  public record Contact(String role, String name, String phone, String email, String url) {
    /** One line: {@code ops-lead: Li Lei, +86 ..., ops@example.com}. */
    public String line() {
      StringBuilder out = new StringBuilder(role).append(':');
      for (String part : java.util.Arrays.asList(name, phone, email, url)) {
        if (part != null && !part.isBlank()) {
          out.append(out.charAt(out.length() - 1) == ':' ? " " : ", ").append(part);
        }
      }
      return out.toString();
    }
  }

  /**
   * The approver whose user id in {@code chat} ({@code slack}, {@code feishu} or {@code dingtalk})
   * this is, or null; only a name still among the approvers counts.
   */
  public String approverForChatUser(String chat, String userId) {
    if (userId == null || userId.isBlank() || approverChatIds == null) {
      return null;
    }
    java.util.function.Function<ChatIds, String> idIn =
        switch (chat) {
          case "slack" -> ChatIds::slack;
          case "feishu" -> ChatIds::feishu;
          case "dingtalk" -> ChatIds::dingtalk;
          default -> throw new IllegalArgumentException("no such chat: " + chat);
        };
    return approverChatIds.entrySet().stream()
        .filter(e -> e.getValue() != null && userId.equals(idIn.apply(e.getValue())))
        .map(java.util.Map.Entry::getKey)
        .filter(this::allowsApprover)
        .findFirst()
        .orElse(null);
  }

  public boolean allowsApprover(String approver) {
    return approver != null && approvers != null && approvers.contains(approver);
  }

  public boolean autoApproves(String trigger) {
    return trigger != null
        && policy != null
        && policy.autoApproveRollbackTriggers() != null
        && policy.autoApproveRollbackTriggers().contains(trigger);
  }
}
