package dev.drrunbooks.testing;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.runbook.RunbookSearchAttributes;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.ServiceState.Deployment;
import dev.drrunbooks.service.StableRevision;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;

/** Shared test data: a profile and service states, as the sandbox would report them. */
public final class Fixtures {

  public static final String SERVICE = "test-service";
  public static final String APPROVER = "ops-lead";
  public static final String FAMILY = "gitee-notion-sync-task";

  public static ServiceProfile profile() {
    return profile(List.of());
  }

  public static ServiceProfile profile(List<String> autoApproveTriggers) {
    return new ServiceProfile(
        SERVICE,
        "profile used by workflow tests",
        Target.SANDBOX,
        new ServiceProfile.Objectives(30, 5, 99.9),
        new ServiceProfile.Regions("ap-southeast-1", "ap-northeast-1"),
        new ServiceProfile.Ecs(
            "gitee-notion-sync-cluster",
            "gitee-notion-sync-service",
            FAMILY,
            "dr-runbooks/known-bad",
            "all-at-once",
            25,
            8),
        new ServiceProfile.Logs("/ecs/gitee-notion-sync", "?ERROR ?FATAL", 30),
        new ServiceProfile.LoadBalancer(
            "arn:aws:elasticloadbalancing:tg", "app/lb/1", "targetgroup/tg/1"),
        new ServiceProfile.Health("http://localhost/health", 5.0, 5, 60, 50, 1000, 300),
        new ServiceProfile.Dns("Z123", "sync.example.com"),
        new ServiceProfile.Backup("backup-bucket", "latest/config", "latest/env_vars/.env"),
        sync(),
        failover(),
        new ServiceProfile.Database("sync-db.example.internal", 5432),
        null,
        List.of(APPROVER, "dev-lead"),
        java.util.Map.of(APPROVER, new ServiceProfile.ChatIds("U0OPSLEAD", null, null)),
        new ServiceProfile.Policy(autoApproveTriggers),
        List.of(new ServiceProfile.NotificationChannel("log", null)),
        new ServiceProfile.Timings(5, 15, 10),
        List.of(
            new ServiceProfile.Contact(APPROVER, "Ops Lead", "+86 000 0000 0001", null, null),
            new ServiceProfile.Contact(
                "aws-support", null, null, null, "https://console.aws.amazon.com/support")));
  }

  /** The test profile with another sync section (null: none). */
  public static ServiceProfile withSync(ServiceProfile.Sync sync) {
    return with(profile(), sync, profile().failover(), null);
  }

  /** The test profile with an incident policy. */
  public static ServiceProfile withIncident(ServiceProfile.Incident incident) {
    return with(profile(), profile().sync(), profile().failover(), incident);
  }

  /** The test profile with another failover section. */
  public static ServiceProfile withFailover(ServiceProfile.Failover failover) {
    return with(profile(), profile().sync(), failover, null);
  }

  public static final String SECRET_ARN =
      "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:sync-db-AbCdEf";
  public static final String CONFIG_URI = "s3://sync-config/gitee-notion-sync.json";
  public static final String ENV_URI = "s3://sync-config/gitee-notion-sync.env";

  /**
   * The test profile with what data restores and backups need: an RDS instance {@code sync-db} with
   * its secret and two sync tables (a scratch database for verification), and a versioned backup
   * bucket in the standby region.
   */
  public static ServiceProfile withData() {
    ServiceProfile p = profile();
    return copy(
        p,
        new ServiceProfile.Backup(
            "backup-bucket",
            "latest/config",
            "latest/env_vars/.env",
            null,
            CONFIG_URI,
            new ServiceProfile.Backup.Retention(48, 14),
            null,
            null),
        p.sync(),
        p.failover(),
        new ServiceProfile.Database(
            "sync-db.abc.ap-southeast-1.rds.amazonaws.com",
            5432,
            "sync",
            "sync-db",
            SECRET_ARN,
            null,
            List.of("sync_state", "sync_cursor"),
            "schema/sync.sql",
            new ServiceProfile.Database.Scratch("scratch-db.internal", 5432, "scratch", SECRET_ARN),
            null),
        null);
  }

  /** Where the service reads its files: a config object, an env file, its task definition. */
  public static dev.drrunbooks.backup.ServiceFiles serviceFiles() {
    return new dev.drrunbooks.backup.ServiceFiles(
        arn(41),
        "ecs-svc/1",
        List.of(
            new dev.drrunbooks.backup.BackupSource(
                dev.drrunbooks.backup.BackupSource.CONFIG, CONFIG_URI),
            new dev.drrunbooks.backup.BackupSource(dev.drrunbooks.backup.BackupSource.ENV, ENV_URI),
            new dev.drrunbooks.backup.BackupSource(
                dev.drrunbooks.backup.BackupSource.TASK_DEFINITION,
                dev.drrunbooks.backup.BackupSource.TASK_DEFINITION_URI)));
  }

  /** A set's manifest holding the config and env objects (and the given table exports). */
  public static dev.drrunbooks.backup.BackupManifest manifest(
      String setId,
      String kind,
      java.time.Instant takenAt,
      List<dev.drrunbooks.backup.TableExport> tables) {
    return new dev.drrunbooks.backup.BackupManifest(
        dev.drrunbooks.backup.BackupManifest.FORMAT,
        setId,
        SERVICE,
        kind,
        takenAt,
        null,
        List.of(
            new dev.drrunbooks.backup.BackupObject(
                "config", setId + "/config", 120, "aa", CONFIG_URI, "c1", setId),
            new dev.drrunbooks.backup.BackupObject(
                "env", setId + "/env", 80, "bb", ENV_URI, "e7", setId)),
        tables,
        "Backup test");
  }

  /** A profile with these sections replaced (null: none). */
  public static ServiceProfile with(
      ServiceProfile p,
      ServiceProfile.Sync sync,
      ServiceProfile.Failover failover,
      ServiceProfile.Incident incident) {
    return copy(p, p.backup(), sync, failover, p.database(), incident);
  }

  private static ServiceProfile copy(
      ServiceProfile p,
      ServiceProfile.Backup backup,
      ServiceProfile.Sync sync,
      ServiceProfile.Failover failover,
      ServiceProfile.Database database,
      ServiceProfile.Incident incident) {
    return new ServiceProfile(
        p.name(),
        p.description(),
        p.target(),
        p.objectives(),
        p.regions(),
        p.ecs(),
        p.logs(),
        p.loadBalancer(),
        p.health(),
        p.dns(),
        backup,
        sync,
        failover,
        database,
        incident,
        p.approvers(),
        p.approverChatIds(),
        p.policy(),
        p.notifications(),
        p.timings(),
        p.contacts());
  }

  /**
   * A sync-checks mock as a Validation child would find things after a switch: both APIs answer,
   * every compared issue is in Notion, one change 20 s in flight.
   */
  public static void syncInOrder(dev.drrunbooks.sync.SyncChecks sync) {
    org.mockito.Mockito.when(sync.checkGitee(org.mockito.ArgumentMatchers.any()))
        .thenReturn(
            new dev.drrunbooks.sync.Reachability("gitee", "bot", List.of("acme/sync"), null));
    org.mockito.Mockito.when(sync.checkNotion(org.mockito.ArgumentMatchers.any()))
        .thenReturn(new dev.drrunbooks.sync.Reachability("notion", "bot", List.of("ds-1"), null));
    java.time.Instant now = java.time.Instant.parse("2026-11-21T03:30:00Z");
    org.mockito.Mockito.when(sync.compareSyncedData(org.mockito.ArgumentMatchers.any()))
        .thenReturn(
            new dev.drrunbooks.sync.IntegrityFacts(
                now,
                List.of(
                    new dev.drrunbooks.sync.IntegrityFacts.Repository(
                        "acme/sync",
                        5,
                        List.of(),
                        List.of("acme/sync#I1"),
                        now.minusSeconds(20)))));
  }

  /** The standby in ap-northeast-1, reached by a CNAME with a 60 s TTL. */
  public static ServiceProfile.Failover failover() {
    return new ServiceProfile.Failover(
        new ServiceProfile.Failover.Standby(
            "gitee-notion-sync-cluster",
            "gitee-notion-sync-service",
            2,
            0,
            "arn:aws:elasticloadbalancing:standby-tg",
            "app/standby-lb/2",
            "targetgroup/standby-tg/2",
            "standby-lb.ap-northeast-1.elb.amazonaws.com",
            "Z14GRHDCWA56QT"),
        new ServiceProfile.Failover.DnsSwitch(
            "CNAME", 60, "primary-lb.ap-southeast-1.elb.amazonaws.com", "Z1LMS91P8CMLE5"),
        null,
        null);
  }

  /** Two synced repositories into one Notion data source. */
  public static ServiceProfile.Sync sync() {
    return new ServiceProfile.Sync(
        new ServiceProfile.Sync.Gitee(
            "http://localhost/api/v5", "GITEE_TOKEN", null, List.of("acme/sync", "acme/docs")),
        new ServiceProfile.Sync.Notion(
            "http://localhost",
            "NOTION_TOKEN",
            null,
            "2025-09-03",
            "ds-1",
            "Gitee ID",
            "Name",
            "Gitee Updated"),
        5,
        null);
  }

  public static ServiceState steadyOn(int revision, int count) {
    return new ServiceState(
        "ACTIVE",
        arn(revision),
        revision,
        count,
        count,
        0,
        List.of(
            new Deployment(
                "ecs-svc/1", "PRIMARY", arn(revision), revision, "COMPLETED", count, count, 0)));
  }

  /** Half-way: the new tasks started, the old ones already stopped, none of the new yet running. */
  public static ServiceState rollingOutTo(int revision, int from, int count) {
    ServiceState s = batchesTo(revision, from, count, count / 2);
    return new ServiceState(
        s.status(), s.taskDefinitionArn(), revision, count, count / 2, count / 2, s.deployments());
  }

  /** Health while the tasks are still serving: nothing wrong, but too little traffic to judge. */
  public static HealthReport notEnoughData(int count) {
    return new HealthReport(
        count,
        count,
        count,
        count,
        200,
        null,
        List.of(),
        List.of("too little traffic to judge: 3 requests (need 50)"),
        java.time.Instant.parse("2026-11-21T03:01:00Z"),
        java.time.Instant.parse("2026-11-21T03:02:00Z"),
        3L,
        null);
  }

  /** A gradual rollout: {@code running} of {@code count} tasks on the new revision so far. */
  public static ServiceState batchesTo(int revision, int from, int count, int running) {
    return new ServiceState(
        "ACTIVE",
        arn(revision),
        revision,
        count,
        count,
        0,
        List.of(
            new Deployment(
                "ecs-svc/2", "PRIMARY", arn(revision), revision, "IN_PROGRESS", count, running, 0),
            new Deployment(
                "ecs-svc/1", "ACTIVE", arn(from), from, "COMPLETED", count, count - running, 0)));
  }

  public static StableRevision stable(int revision) {
    return new StableRevision(
        revision, arn(revision), "newest ACTIVE revision before the current one", List.of());
  }

  public static HealthReport healthy(int count) {
    return new HealthReport(count, count, count, count, 200, 0.1, List.of());
  }

  /** What plan 3.1 calls an application failure: failing targets, health URL 503, 5xx up. */
  public static HealthReport unhealthy(int count) {
    return new HealthReport(
        count,
        count,
        0,
        count,
        503,
        42.0,
        List.of("0 of " + count + " load balancer targets healthy", "health URL answered 503"));
  }

  public static LogSummary errors() {
    return new LogSummary(
        12,
        false,
        List.of(
            new LogSummary.Pattern("ERROR NotionClient: 401 Unauthorized", 12, "ecs/sync/abc")));
  }

  public static String arn(int revision) {
    return "arn:aws:ecs:ap-southeast-1:123456789012:task-definition/" + FAMILY + ":" + revision;
  }

  public static void registerSearchAttributes(TestWorkflowEnvironment env) {
    RunbookSearchAttributes.ALL.forEach(
        key ->
            env.registerSearchAttribute(
                key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
  }

  private Fixtures() {}
}
