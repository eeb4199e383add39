package dev.drrunbooks.backup;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;

/**
 * The bucket that holds a service's backup sets, and where it is: real S3 in {@code region}, or the
 * sandbox's simulated store. Sets live under {@code <bucket>/<setId>/}, the newest is copied to
 * {@code latest/} (the plan's {@code aws s3 cp s3://backup-bucket/latest/config ./} keeps working).
 */
public record BackupLocation(Target target, String region, String bucket) {

  public static BackupLocation of(ServiceProfile profile) {
    ServiceProfile.Backup b = profile.backup();
    String region =
        b.region() != null && !b.region().isBlank()
            ? b.region()
            : profile.regions().standby() != null
                ? profile.regions().standby()
                : profile.regions().primary();
    return new BackupLocation(profile.target(), region, b.bucket());
  }

  /** The profile's bucket; a profile without a backup section is refused before anything runs. */
  public static BackupLocation required(
      dev.drrunbooks.runbook.Runbook runbook, ServiceProfile profile) {
    if (profile.backup() == null) {
      throw runbook.refuse("profile " + profile.name() + " has no backup section (the bucket)");
    }
    return of(profile);
  }

  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }
}
