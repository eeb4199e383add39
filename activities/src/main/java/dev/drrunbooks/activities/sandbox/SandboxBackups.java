package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.backup.BackupActivitiesImpl;
import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.backup.TakeBackupCommand;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.ServiceRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The sandbox as a scheduled Backup would have left it: one full set taken two minutes before the
 * world started, written by the same code a Backup run uses, with {@code latest/} pointing at it.
 */
public final class SandboxBackups {

  /** The sandbox profile's backup bucket and its region (the standby's). */
  public static final BackupLocation LOCATION =
      new BackupLocation(Target.SANDBOX, "sandbox-standby", "backup-bucket");

  /** Seeds the world's backup bucket once, then hands the activities back for registration. */
  public static BackupActivitiesImpl seeded(SandboxWorld world, BackupActivitiesImpl backups) {
    if (!backups.listSets(LOCATION).isEmpty()) {
      return backups;
    }
    Instant at = world.clock().instant().minusSeconds(120);
    String setId =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
    ServiceRef ref =
        new ServiceRef(
            Target.SANDBOX,
            "sandbox-primary",
            "gitee-notion-sync-cluster",
            "gitee-notion-sync-service");
    String taskDefinition = world.capabilities().ecs().describeService(ref).taskDefinitionArn();
    backups.takeSet(
        new TakeBackupCommand(
            LOCATION,
            ref,
            setId,
            BackupManifest.FULL,
            at,
            java.util.List.of(
                new BackupSource(
                    BackupSource.CONFIG,
                    "s3://" + SandboxStorage.CONFIG_BUCKET + "/" + SandboxStorage.CONFIG_KEY),
                new BackupSource(
                    BackupSource.ENV,
                    "s3://" + SandboxStorage.CONFIG_BUCKET + "/" + SandboxStorage.ENV_KEY),
                new BackupSource(BackupSource.TASK_DEFINITION, "ecs:" + taskDefinition)),
            null,
            new DatabaseTarget(
                ref, SandboxStorage.HOST, 5432, "gitee_notion_sync", SandboxStorage.SECRET_ARN),
            SandboxStorage.TABLES,
            "sandbox seed"));
    backups.pointLatest(new SetQuery(LOCATION, setId));
    return backups;
  }

  private SandboxBackups() {}
}
