package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.incident.IncidentReportsImpl;
import dev.drrunbooks.activities.notify.NotifyActivitiesImpl;
import dev.drrunbooks.activities.platform.DatabaseReplicasImpl;
import dev.drrunbooks.activities.platform.DnsRecordsImpl;
import dev.drrunbooks.activities.platform.ServiceChangesImpl;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.activities.profile.ProfileActivitiesImpl;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sync.SyncChecksImpl;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Every activity a procedure needs, over one simulated world and nothing else: a run that asks for
 * AWS (a client, an S3 report) fails at once. For tests and drills that run whole procedures
 * against the sandbox in one process.
 */
public final class SandboxRunbookActivities {

  private SandboxRunbookActivities() {}

  /** The implementations to register on a worker. */
  public static Object[] over(SandboxWorld sandbox, ProfileLoader profiles, Path reports) {
    return over(sandbox, profiles, reports, new java.util.concurrent.atomic.AtomicInteger());
  }

  /** The same, counting in {@code awsAsked} every time a run asked for AWS (and was refused). */
  public static Object[] over(
      SandboxWorld sandbox,
      ProfileLoader profiles,
      Path reports,
      java.util.concurrent.atomic.AtomicInteger awsAsked) {
    Capabilities platforms =
        new Capabilities(
            sandbox.capabilities(),
            region -> {
              awsAsked.incrementAndGet();
              throw new IllegalStateException("a sandbox run asked for AWS in " + region);
            });
    SandboxSyncData data = new SandboxSyncData(sandbox);
    return new Object[] {
      new ProfileActivitiesImpl(profiles),
      new ServiceChecksImpl(platforms),
      new ServiceChangesImpl(platforms),
      new DnsRecordsImpl(platforms),
      new DatabaseReplicasImpl(platforms),
      SandboxBackups.seeded(
          sandbox,
          new dev.drrunbooks.activities.backup.BackupActivitiesImpl(
              platforms, profiles::schemaFile)),
      new dev.drrunbooks.activities.backup.DatabaseActivitiesImpl(platforms),
      new SyncChecksImpl(new SyncChecksImpl.Apis(data, data, Clock.systemUTC()), null),
      new NotifyActivitiesImpl(name -> null),
      new IncidentReportsImpl(
          reports,
          region -> {
            throw new IllegalStateException("a sandbox report went to S3 in " + region);
          })
    };
  }
}
