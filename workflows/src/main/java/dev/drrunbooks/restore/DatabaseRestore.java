package dev.drrunbooks.restore;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.CredentialQuery;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.EnvNames;
import dev.drrunbooks.service.InstanceQuery;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.PointInTimeRestoreCommand;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.SnapshotRestoreCommand;
import dev.drrunbooks.service.SnapshotState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The database side of a restore: the newest snapshot of an instance that is gone, the restore into
 * a new instance (polled until available), and the login through the restored config.
 */
final class DatabaseRestore {

  private final Runbook runbook;
  private final ServiceProfile profile;

  DatabaseRestore(Runbook runbook, ServiceProfile profile) {
    this.runbook = runbook;
    this.profile = profile;
  }

  /**
   * The instance is gone, so there is nothing to restore to a point in time: its newest snapshot
   * (automated or manual) is what is left. None, or an explicit restore time, ends the run.
   */
  SnapshotState newestSnapshot(ServiceRef ref, String instanceId, Instant restoreTime) {
    return runbook.step(
        DataRestoreWorkflowImpl.FIND_SNAPSHOT,
        () -> {
          if (restoreTime != null) {
            throw ApplicationFailure.newNonRetryableFailure(
                instanceId
                    + " is gone: a restore to "
                    + restoreTime
                    + " needs the instance; run again without restoreTime to restore its newest"
                    + " snapshot",
                FailureTypes.INVALID_INPUT);
          }
          SnapshotState found =
              checks("find the newest snapshot of " + instanceId)
                  .newestSnapshot(new InstanceQuery(ref, instanceId));
          if (found == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                instanceId
                    + " is gone and RDS keeps no snapshot of it: nothing to restore from (restore"
                    + " from a copy elsewhere by hand, then run data-restore again)",
                FailureTypes.CHECK_FAILED);
          }
          return found;
        },
        SnapshotState::oneLine);
  }

  InstanceState restore(
      ServiceRef ref,
      String source,
      String target,
      Instant restoreTime,
      String snapshotId,
      dev.drrunbooks.profile.RestorePlacement placement) {
    if (snapshotId != null) {
      restores("restore snapshot " + snapshotId + " into " + target)
          .restoreFromSnapshot(
              new SnapshotRestoreCommand(ref, snapshotId, target, source, placement));
    } else {
      restores("restore " + source + " into " + target)
          .restoreToPointInTime(
              new PointInTimeRestoreCommand(ref, source, target, restoreTime, placement));
    }
    DatabaseChecks poll = checks("poll " + target);
    long deadline = Workflow.currentTimeMillis() + DataRestoreWorkflowImpl.RESTORE_LIMIT.toMillis();
    while (true) {
      InstanceState state = poll.describeInstance(new InstanceQuery(ref, target));
      runbook.detail(DataRestoreWorkflowImpl.RESTORE_DB, state.oneLine());
      if (state.available() && state.endpoint() != null) {
        return state;
      }
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newFailure(
            "not available after "
                + DataRestoreWorkflowImpl.RESTORE_LIMIT.toMinutes()
                + " min: "
                + state.oneLine(),
            FailureTypes.TIMED_OUT);
      }
      Workflow.sleep(SteadyState.pollInterval(profile, false));
    }
  }

  /**
   * The new instance's identifier: the lost one's with the run's start time, so a retried step
   * finds the instance it already asked for instead of creating another (RDS limits it to 63).
   */
  static String restoredInstanceId(String source) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMddHHmm")
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()));
    String base = source.length() > 45 ? source.substring(0, 45) : source;
    return base + "-r" + stamp;
  }

  CredentialCheck works(DatabaseTarget target, String envUri, EnvNames names, List<String> tables) {
    CredentialCheck check =
        checks("log in to " + target.endpoint())
            .verifyCredentials(new CredentialQuery(target, envUri, names, tables));
    if (!check.databaseSound() || !check.serviceConfigMatches()) {
      throw ApplicationFailure.newFailure(
          "the service still cannot use its database: " + check.oneLine(),
          FailureTypes.CHECK_FAILED);
    }
    return check;
  }

  static DatabaseChecks checks(String summary) {
    return Workflow.newActivityStub(
        DatabaseChecks.class, summarised(RunbookOptions.QUICK_API_CALL, summary));
  }

  static DatabaseRestores restores(String summary) {
    return Workflow.newActivityStub(
        DatabaseRestores.class, summarised(RunbookOptions.MUTATION, summary));
  }

  /** The question at the gate: what is restored from where, and what data is lost. */
  String question(
      DataRestoreRequest request,
      ServiceProfile.Database db,
      SnapshotState snapshot,
      Instant to,
      String newId,
      Diagnosis diagnosis) {
    return (request.reason() == null ? "" : "Reason: " + request.reason() + ". ")
        + "Restore "
        + db.instanceId()
        + (snapshot == null ? "" : " from its " + snapshot.oneLine() + ",")
        + " to "
        + (to == null ? "its latest restorable time" : to.toString())
        + " into the new instance "
        + newId
        + " and point the service at it? "
        + diagnosis.oneLine()
        + ". Data written after that time is lost (RPO "
        + profile.objectives().rpoMinutes()
        + " min).";
  }
}
