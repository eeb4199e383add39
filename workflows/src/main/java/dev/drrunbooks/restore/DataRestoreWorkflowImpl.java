package dev.drrunbooks.restore;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.FileTarget;
import dev.drrunbooks.backup.RestoreFilesCommand;
import dev.drrunbooks.backup.RevertFilesCommand;
import dev.drrunbooks.backup.ServiceFiles;
import dev.drrunbooks.backup.ServiceFilesQuery;
import dev.drrunbooks.backup.SetCheck;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.SteadyState;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.CredentialQuery;
import dev.drrunbooks.service.DatabaseEndpoint;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.EnvNames;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.InstanceQuery;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.PointServiceCommand;
import dev.drrunbooks.service.RedeployCommand;
import dev.drrunbooks.service.RestoredFile;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.SnapshotState;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.ServedTraffic;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The database-failure procedure as the plan writes it (3.2, 5.2.2): check the connection
 * configuration, verify the credentials, and "if needed, restore from the most recent backup".
 * Config and env files come back from the newest backup set that verifies against its manifest; the
 * database is restored (RDS point-in-time, into a new instance) only when it is itself lost or
 * corrupt, and only after a person approves. Then the service is redeployed so it re-reads its
 * files, and verified.
 */
public class DataRestoreWorkflowImpl extends RunbookWorkflowBase implements DataRestoreWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String CHECK_CONFIG = "check-connection-config";
  static final String VERIFY_CREDENTIALS = "verify-credentials";
  static final String CHECK_INSTANCE = "check-instance";
  static final String FIND_FILES = "find-service-files";
  static final String DIAGNOSE = "diagnose";
  static final String FIND_BACKUP = "find-verified-backup";
  static final String RESTORE_FILES = "restore-files";
  static final String REVERT_FILES = "revert-files";
  static final String FIND_SNAPSHOT = "find-snapshot";
  static final String APPROVE_DB = "approve-database-restore";
  static final String RESTORE_DB = "restore-database";
  static final String POINT_SERVICE = "point-service-at-database";
  static final String REVERT_POINT = "revert-database-host";
  static final String REDEPLOY = "redeploy";
  static final String VERIFY_HEALTH = "verify-health";
  static final String VERIFY_DATABASE = "verify-database";
  static final String VERIFY_FILES = "verify-files";

  /** RDS restores take tens of minutes for a large instance; past this a person looks. */
  static final Duration RESTORE_LIMIT = Duration.ofMinutes(90);

  /** How many older sets are tried when the newest ones do not verify. */
  static final int SETS_TRIED = 10;

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.of(CHECK_CONFIG, "Check the database connection configuration (host, port)"),
          Step.of(VERIFY_CREDENTIALS, "Verify the database credentials (log in, tables)"),
          Step.of(CHECK_INSTANCE, "Check the database instance (RDS)"),
          Step.required(FIND_FILES, "Find where the service reads its config and env files")
              .endsRunOn(BackupStore.NO_ENV_FILE),
          Step.of(DIAGNOSE, "Decide what is broken"),
          Step.required(FIND_BACKUP, "Find the newest backup set that verifies")
              .endsRunOn(
                  BackupStore.SET_NOT_FOUND,
                  BackupStore.MANIFEST_UNREADABLE,
                  BackupStore.VERSIONING_OFF),
          Step.of(RESTORE_FILES, "Restore config and env files from the backup set"),
          Step.of(FIND_SNAPSHOT, "Find the newest snapshot (only when the instance is gone)"),
          Step.gate(APPROVE_DB, "Approval to restore the database to a point in time"),
          Step.of(RESTORE_DB, "Restore the database into a new instance and wait until available")
              .endsRunOn(DatabaseRestores.RESTORE_REFUSED),
          Step.of(POINT_SERVICE, "Point the service at the restored database"),
          Step.of(REDEPLOY, "Redeploy the service and wait for steady state"),
          Step.of(VERIFY_HEALTH, "Verify the service is healthy"),
          Step.of(VERIFY_DATABASE, "Verify the database is reachable with the restored config"),
          Step.of(VERIFY_FILES, "Verify the restored files match the manifest"));

  private ServiceProfile profile;
  private BackupSets sets;
  private DatabaseRestore database;

  @WorkflowInit
  public DataRestoreWorkflowImpl(DataRestoreRequest request) {
    super(new Runbook(RestoreProcedures.DATA_RESTORE, request, PLAN));
  }

  @Override
  public DataRestoreResult run(DataRestoreRequest request) {
    return runbook.run(request, () -> restore(request));
  }

  /** What the read-only checks found, before anything is changed. */
  private record Found(
      ServiceFiles files,
      InstanceState instance,
      BackupSource envSource,
      DatabaseTarget target,
      Diagnosis diagnosis) {}

  /** The database restored into a new instance, and the instant it holds data up to. */
  private record RestoredDatabase(InstanceState instance, Instant to) {}

  private DataRestoreResult restore(DataRestoreRequest request) {
    // Step 1: the profile, and what a data restore needs from it.
    profile = runbook.loadProfile(LOAD_PROFILE, request.service());
    sets = new BackupSets(runbook);
    database = new DatabaseRestore(runbook, profile);
    ServiceProfile.Database db = profile.database();
    if (db == null || db.name() == null || db.secretArn() == null || profile.backup() == null) {
      throw runbook.refuse(
          "profile "
              + profile.name()
              + " lacks what a data restore needs: database.name, database.secretArn (the"
              + " credentials) and a backup section");
    }
    ServiceRef ref = ServiceRef.primary(profile);

    // Steps 2-6 (plan 3.2): connection, files, instance, credentials; then what is broken.
    Found found = diagnose(ref, db);

    // Step 7: the newest set that verifies (plan 4.2), and the files restored from it.
    SetCheck set =
        runbook.step(
            FIND_BACKUP,
            () -> sets.newestVerified(request.setId(), BackupLocation.of(profile)),
            sets::line);
    SetQuery setQuery = new SetQuery(BackupLocation.of(profile), set.setId());
    List<RestoredFile> restored = restoreFiles(setQuery, found.files().fileTargets());

    // Steps 9-12: the database itself, only when lost, and only with a person's approval.
    RestoredDatabase database = restoreDatabaseIfLost(request, ref, db, found);

    if (runbook.dryRun()) {
      runbook.skipRemaining("dry run: nothing was restored");
      String planned = DataRestoreResult.DRY_RUN + ": " + found.diagnosis().oneLine();
      runbook.complete(planned);
      return result(planned, found.diagnosis(), set, restored, null, null, null);
    }

    // Step 13: the tasks read their env and config files when they start: redeploy.
    Instant redeployedAt = redeploy(ref, found.files());

    // Steps 14-16 (plan 5.3): health, the database through the restored config, the files.
    HealthReport health = verify(ref, db, found, setQuery, database.instance(), redeployedAt);
    return finish(found, set, restored, database, health);
  }

  /** The plan's first checks, all at once and read-only; then credentials and the diagnosis. */
  private Found diagnose(ServiceRef ref, ServiceProfile.Database db) {
    Branch<DatabaseReach> reachCheck =
        Branch.of(
            CHECK_CONFIG,
            () ->
                DatabaseRestore.checks("probe " + db.host())
                    .checkConnection(new DatabaseEndpoint(ref, db.host(), db.port())),
            DatabaseReach::oneLine);
    Branch<ServiceFiles> filesCheck =
        Branch.of(
            FIND_FILES,
            () ->
                BackupSets.store("find " + ref.service() + "'s files")
                    .serviceFiles(new ServiceFilesQuery(ref, profile.backup().configSource())),
            ServiceFiles::oneLine);
    Branch<InstanceState> instanceCheck =
        db.instanceId() == null
            ? null
            : Branch.of(
                CHECK_INSTANCE,
                () ->
                    DatabaseRestore.checks("describe " + db.instanceId())
                        .describeInstance(new InstanceQuery(ref, db.instanceId())),
                InstanceState::oneLine);
    List<Branch<?>> first = new ArrayList<>(List.of(reachCheck, filesCheck));
    if (instanceCheck == null) {
      runbook.skip(CHECK_INSTANCE, "the profile names no RDS instance (database.instanceId)");
    } else {
      first.add(instanceCheck);
    }
    Parallel.Results checked = runbook.parallel(first);
    DatabaseReach reach = checked.get(reachCheck);
    ServiceFiles files = checked.get(filesCheck);
    InstanceState instance = instanceCheck == null ? null : checked.get(instanceCheck);
    BackupSource envSource = files.source(BackupSource.ENV);
    DatabaseTarget target =
        new DatabaseTarget(ref, db.host(), db.port(), db.name(), db.secretArn());
    CredentialCheck credentials =
        runbook.step(
            VERIFY_CREDENTIALS,
            () ->
                DatabaseRestore.checks("log in to " + db.name())
                    .verifyCredentials(
                        new CredentialQuery(
                            target, envSource.uri(), names(db), db.tablesOrEmpty())),
            CredentialCheck::oneLine);
    Diagnosis diagnosis =
        runbook.step(
            DIAGNOSE, () -> Diagnosis.of(reach, credentials, instance), Diagnosis::oneLine);
    return new Found(files, instance, envSource, target, diagnosis);
  }

  private static EnvNames names(ServiceProfile.Database db) {
    ServiceProfile.Database.Env env = db.envOrDefault();
    return new EnvNames(env.hostVar(), env.userVar(), env.passwordVar());
  }

  /** Config and env files from the set, with their undo armed as soon as they are written. */
  private List<RestoredFile> restoreFiles(SetQuery setQuery, List<FileTarget> targets) {
    return runbook.change(
        RESTORE_FILES,
        "restore "
            + targets.stream().map(FileTarget::name).toList()
            + " from set "
            + setQuery.setId(),
        () -> {
          List<RestoredFile> written =
              BackupSets.writes("restore files from " + setQuery.setId(), RunbookOptions.TRANSFER)
                  .restoreFiles(new RestoreFilesCommand(setQuery, targets));
          armRevert(REVERT_FILES, RESTORE_FILES, "Put the files back as they were", written);
          return written;
        },
        r -> String.join(", ", r.stream().map(RestoredFile::oneLine).toList()));
  }

  /**
   * Restores the database only when the diagnosis says it is lost: from its newest snapshot when
   * the instance is gone, else to a point in time; a person approves, then the service's env file
   * is pointed at the new instance.
   */
  private RestoredDatabase restoreDatabaseIfLost(
      DataRestoreRequest request, ServiceRef ref, ServiceProfile.Database db, Found found) {
    if (!found.diagnosis().databaseLost()) {
      String why = "the database is not lost: " + found.diagnosis().oneLine();
      for (String step : List.of(FIND_SNAPSHOT, APPROVE_DB, RESTORE_DB, POINT_SERVICE)) {
        runbook.skip(step, why);
      }
      return new RestoredDatabase(null, null);
    }
    if (db.instanceId() == null) {
      throw runbook.endRun(
          "the database looks lost, but the profile names no RDS instance to restore"
              + " (database.instanceId): restore it by hand, then run data-restore again",
          FailureTypes.CHECK_FAILED);
    }
    SnapshotState snapshot = null;
    if (!found.instance().exists()) {
      snapshot = database.newestSnapshot(ref, db.instanceId(), request.restoreTime());
    } else {
      runbook.skip(FIND_SNAPSHOT, "the instance exists: RDS restores it to a point in time");
    }
    Instant to =
        snapshot != null
            ? snapshot.createdAt()
            : request.restoreTime() != null
                ? request.restoreTime()
                : found.instance().latestRestorableTime();
    String newId = DatabaseRestore.restoredInstanceId(db.instanceId());
    runbook.gate(
        APPROVE_DB, database.question(request, db, snapshot, to, newId, found.diagnosis()), null);
    String snapshotId = snapshot == null ? null : snapshot.snapshotId();
    InstanceState restored =
        runbook.change(
            RESTORE_DB,
            "restore "
                + db.instanceId()
                + (snapshotId == null ? " to a point in time" : " from snapshot " + snapshotId)
                + " into "
                + newId,
            () ->
                database.restore(
                    ref, db.instanceId(), newId, request.restoreTime(), snapshotId, db.restore()),
            InstanceState::oneLine);
    if (restored != null) {
      pointServiceAt(ref, db, found.envSource(), restored.endpoint());
    }
    return new RestoredDatabase(restored, to);
  }

  /** Sets the database host in the service's env file, with its undo armed. */
  private void pointServiceAt(
      ServiceRef ref, ServiceProfile.Database db, BackupSource envSource, String host) {
    String hostVar = db.envOrDefault().hostVar();
    runbook.change(
        POINT_SERVICE,
        "set " + hostVar + " in " + envSource.uri() + " to " + host,
        () -> {
          RestoredFile pointed =
              DatabaseRestore.restores("point the service at " + host)
                  .pointServiceAt(new PointServiceCommand(ref, envSource.uri(), hostVar, host));
          armRevert(
              REVERT_POINT,
              POINT_SERVICE,
              "Put " + hostVar + " back to the lost database's host",
              List.of(pointed));
          return pointed;
        },
        RestoredFile::oneLine);
  }

  /** A new deployment picks up the restored files; returns when it is steady. */
  private Instant redeploy(ServiceRef ref, ServiceFiles files) {
    runbook.step(
        REDEPLOY,
        () -> {
          Workflow.newActivityStub(
                  ServiceChanges.class,
                  summarised(RunbookOptions.MUTATION, "redeploy " + ref.service()))
              .redeployService(new RedeployCommand(ref, files.deploymentId()));
          return SteadyState.await(runbook, REDEPLOY, ref, profile, true);
        },
        s -> s.oneLine());
    runbook.releaseCleanup(REVERT_FILES, "the service runs with the restored files");
    runbook.releaseCleanup(REVERT_POINT, "the service runs with the restored database");
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** Health on the traffic served since the redeploy, the database, the files: at once. */
  private HealthReport verify(
      ServiceRef ref,
      ServiceProfile.Database db,
      Found found,
      SetQuery setQuery,
      InstanceState restoredInstance,
      Instant redeployedAt) {
    DatabaseTarget now =
        restoredInstance == null
            ? found.target()
            : new DatabaseTarget(
                ref,
                restoredInstance.endpoint(),
                restoredInstance.port() == null ? db.port() : restoredInstance.port(),
                db.name(),
                db.secretArn());
    boolean pointed = restoredInstance != null;
    Branch<HealthReport> health =
        Branch.of(
            VERIFY_HEALTH,
            () -> ServedTraffic.verify(runbook, VERIFY_HEALTH, ref, profile, redeployedAt),
            HealthReport::oneLine);
    Branch<CredentialCheck> login =
        Branch.of(
            VERIFY_DATABASE,
            () -> database.works(now, found.envSource().uri(), names(db), db.tablesOrEmpty()),
            CredentialCheck::oneLine);
    Branch<List<String>> filesMatch =
        Branch.of(
            VERIFY_FILES,
            () ->
                sets.filesMatch(
                    setQuery, found.files().fileTargets(), pointed ? BackupSource.ENV : null),
            l -> String.join("; ", l));
    return runbook.parallel(List.of(health, login, filesMatch)).get(health);
  }

  /** The outcome, with the data age against the RPO when a database was restored. */
  private DataRestoreResult finish(
      Found found,
      SetCheck set,
      List<RestoredFile> restored,
      RestoredDatabase database,
      HealthReport health) {
    InstanceState restoredInstance = database.instance();
    String outcome =
        DataRestoreResult.RESTORED
            + ": "
            + (restoredInstance == null
                ? ""
                : "database into " + restoredInstance.instanceId() + ", ")
            + "files from set "
            + set.setId()
            + " in "
            + Durations.format(runbook.elapsedSeconds())
            + " (RTO "
            + profile.objectives().rtoMinutes()
            + " min)";
    DataRestoreResult result =
        result(outcome, found.diagnosis(), set, restored, restoredInstance, database.to(), health);
    Long age = result.achievedRpoSeconds();
    String rpo = "";
    if (age != null && restoredInstance == null) {
      // No database restored: nothing written was lost; the files are older.
      rpo = "; the restored files date from " + Durations.format(age) + " before the failure";
    } else if (age != null) {
      long rpoMinutes = profile.objectives().rpoMinutes();
      rpo =
          "; data age "
              + Durations.format(age)
              + " (RPO "
              + rpoMinutes
              + " min"
              + (age > rpoMinutes * 60L ? ", MISSED: data written since then is lost" : "")
              + ")";
    }
    runbook.complete(outcome + rpo);
    return result;
  }

  private void armRevert(String id, String protects, String title, List<RestoredFile> files) {
    List<RestoredFile> changed = files.stream().filter(RestoredFile::changed).toList();
    if (changed.isEmpty()) {
      return;
    }
    ServiceRef ref = ServiceRef.primary(profile);
    runbook.onCleanup(
        protects,
        id,
        title,
        () ->
            String.join(
                "; ",
                BackupSets.writes("revert " + changed.size() + " file(s)", RunbookOptions.MUTATION)
                    .revertFiles(new RevertFilesCommand(ref.target(), ref.region(), changed))));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private DataRestoreResult result(
      String outcome,
      Diagnosis diagnosis,
      SetCheck set,
      List<RestoredFile> restored,
      InstanceState instance,
      Instant restoredTo,
      HealthReport health) {
    boolean filesChanged = restored != null && restored.stream().anyMatch(RestoredFile::changed);
    Instant dataAt = null;
    if (filesChanged) {
      dataAt = set.manifest().takenAt();
    }
    if (instance != null && restoredTo != null) {
      dataAt = dataAt == null || restoredTo.isBefore(dataAt) ? restoredTo : dataAt;
    }
    Long rpo =
        runbook.dryRun()
            ? null
            : dataAt == null
                ? 0L
                : Math.max(0, Duration.between(dataAt, runbook.clockStart()).toSeconds());
    return new DataRestoreResult(
        profile.name(),
        outcome,
        diagnosis.oneLine(),
        set.setId(),
        sets.skipped(),
        restored == null ? List.of() : restored.stream().map(RestoredFile::oneLine).toList(),
        instance == null ? null : instance.oneLine(),
        dataAt,
        rpo,
        profile.objectives().rpoMinutes(),
        runbook.elapsedSeconds(),
        profile.objectives().rtoMinutes(),
        health == null ? "not verified" : health.oneLine(),
        health != null && health.healthy(),
        runbook.stepViews(),
        runbook.approvals(),
        runbook.plannedActions());
  }
}
