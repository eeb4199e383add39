package dev.drrunbooks.backup;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.InstanceQuery;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One backup set of the service's configuration (plan 4.2: config files, env vars, several versions
 * kept): the config object, the env file and the task definition, plus for a full set a logical
 * export of the sync tables; then {@code latest/} points at it and old sets are pruned. Every run
 * also checks the real-time backup, RDS's continuous backups, against the RPO.
 */
public class BackupWorkflowImpl extends RunbookWorkflowBase implements BackupWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String CHECK_BUCKET = "check-bucket";
  static final String FIND_FILES = "find-service-files";
  static final String FIND_PREVIOUS = "find-previous-set";
  static final String CHECK_REALTIME = "check-realtime-backup";
  static final String TAKE_SET = "take-set";
  static final String POINT_LATEST = "point-latest";
  static final String PRUNE = "prune";

  static final DateTimeFormatter SET_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.required(CHECK_BUCKET, "Check the backup bucket keeps versions")
              .endsRunOn(BackupStore.VERSIONING_OFF),
          Step.required(FIND_FILES, "Find the service's config, env file and task definition")
              .endsRunOn(BackupStore.NO_ENV_FILE),
          Step.of(FIND_PREVIOUS, "Find the previous set (what an incremental set compares with)"),
          Step.of(
              CHECK_REALTIME, "Check the real-time backup (RDS restorable time) against the RPO"),
          Step.of(TAKE_SET, "Copy the objects, export the tables, write the manifest"),
          Step.of(POINT_LATEST, "Point latest/ at the new set"),
          Step.of(PRUNE, "Delete sets beyond the retention policy"));

  @WorkflowInit
  public BackupWorkflowImpl(BackupRequest request) {
    super(new Runbook(BackupProcedures.BACKUP, request, PLAN));
  }

  @Override
  public BackupResult run(BackupRequest request) {
    return runbook.run(request, () -> backup(request));
  }

  /** What the read-only checks found before the set is written. */
  private record Found(
      ServiceFiles sources, String previousSet, InstanceState instance, Boolean withinRpo) {}

  private BackupResult backup(BackupRequest request) {
    // Step 1: the profile and where its sets go.
    ServiceProfile profile = runbook.loadProfile(LOAD_PROFILE, request.service());
    ServiceRef ref = ServiceRef.primary(profile);
    BackupLocation location = BackupLocation.required(runbook, profile);
    String kind = request.kindOrDefault();
    String setId =
        request.setId() != null
            ? request.setId()
            : SET_ID.format(
                Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()));

    // Steps 2-5 at once, read-only: the bucket, the service's files, the set before, and RDS's
    // real-time backup (plan 4.2), which warns when it is behind the RPO.
    Found found = look(profile, ref, location, kind, setId);

    // Step 6: the set, checksummed (with the sync tables when full).
    BackupManifest manifest = takeSet(profile, ref, location, kind, setId, found);

    // Steps 7-8: latest/ points at it; sets beyond the retention go.
    List<String> latest =
        runbook.change(
            POINT_LATEST,
            "copy set " + setId + " to " + location.uri("latest/"),
            () -> writes("point latest/ at " + setId).pointLatest(new SetQuery(location, setId)),
            keys -> keys.size() + " object(s) under latest/");
    PruneResult pruned = prune(profile, location);

    String outcome =
        manifest == null
            ? "DRY_RUN: would write " + kind + " set " + setId
            : "BACKED_UP: " + manifest.oneLine();
    runbook.complete(outcome);
    return result(profile, outcome, setId, kind, manifest, latest, pruned, found);
  }

  private Found look(
      ServiceProfile profile, ServiceRef ref, BackupLocation location, String kind, String setId) {
    ServiceProfile.Database db = profile.database();
    Branch<String> bucket =
        Branch.of(
            CHECK_BUCKET, () -> store("check " + location.bucket()).checkBucket(location), s -> s);
    Branch<ServiceFiles> files =
        Branch.of(
            FIND_FILES,
            () ->
                store("find " + ref.service() + "'s files")
                    .serviceFiles(new ServiceFilesQuery(ref, profile.backup().configSource())),
            ServiceFiles::oneLine);
    Branch<String> previous =
        Branch.of(FIND_PREVIOUS, () -> previousSet(location, setId), s -> s == null ? "none" : s);
    Branch<InstanceState> realtime =
        db == null || db.instanceId() == null
            ? null
            : Branch.of(
                CHECK_REALTIME,
                () ->
                    Workflow.newActivityStub(
                            DatabaseChecks.class,
                            summarised(
                                RunbookOptions.QUICK_API_CALL, "describe " + db.instanceId()))
                        .describeInstance(new InstanceQuery(ref, db.instanceId())),
                s -> s.oneLine() + "; " + freshness(s, profile));
    List<Branch<?>> first = new ArrayList<>(List.of(bucket, files, previous));
    if (realtime == null) {
      runbook.skip(CHECK_REALTIME, "the profile names no RDS instance (database.instanceId)");
    } else {
      first.add(realtime);
    }
    Parallel.Results found = runbook.parallel(first);
    String previousSet = BackupManifest.INCREMENTAL.equals(kind) ? found.get(previous) : null;
    InstanceState instance = realtime == null ? null : found.get(realtime);
    Boolean withinRpo = instance == null ? null : withinRpo(instance, profile);
    if (Boolean.FALSE.equals(withinRpo)) {
      runbook.notify(
          Notification.Level.CRITICAL,
          "Real-time backup of " + profile.name() + " is behind the RPO",
          instance.oneLine() + "; " + freshness(instance, profile));
    }
    return new Found(found.get(files), previousSet, instance, withinRpo);
  }

  /** Writes the set: the service's files and, for a full set, the sync tables' export. */
  private BackupManifest takeSet(
      ServiceProfile profile,
      ServiceRef ref,
      BackupLocation location,
      String kind,
      String setId,
      Found found) {
    ServiceProfile.Database db = profile.database();
    DatabaseTarget export =
        BackupManifest.FULL.equals(kind)
                && db != null
                && db.secretArn() != null
                && !db.tablesOrEmpty().isEmpty()
            ? new DatabaseTarget(ref, db.host(), db.port(), db.name(), db.secretArn())
            : null;
    String by = "Backup " + Workflow.getInfo().getWorkflowId();
    return runbook.change(
        TAKE_SET,
        "write "
            + kind
            + " set "
            + location.uri(setId + "/")
            + " with "
            + found.sources().sources().stream().map(BackupSource::name).toList()
            + (export == null ? "" : " and tables " + db.tablesOrEmpty()),
        () ->
            Workflow.newActivityStub(
                    BackupWrites.class,
                    summarised(
                        RunbookOptions.TRANSFER,
                        "take " + kind + " set " + setId,
                        BackupStore.PERMANENT))
                .takeSet(
                    new TakeBackupCommand(
                        location,
                        ref,
                        setId,
                        kind,
                        Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                        found.sources().sources(),
                        found.previousSet(),
                        export,
                        export == null ? List.of() : db.tablesOrEmpty(),
                        by)),
        BackupManifest::oneLine);
  }

  /** Deletes sets beyond the newest {@code keepSets} and older than {@code keepDays}. */
  private PruneResult prune(ServiceProfile profile, BackupLocation location) {
    ServiceProfile.Backup.Retention keep = profile.backup().retentionOrDefault();
    return runbook.change(
        PRUNE,
        "delete sets beyond the newest "
            + keep.keepSets()
            + " and older than "
            + keep.keepDays()
            + " days",
        () ->
            writes("prune " + location.bucket())
                .prune(
                    new PruneCommand(
                        location,
                        keep.keepSets(),
                        keep.keepDays(),
                        Instant.ofEpochMilli(Workflow.currentTimeMillis()))),
        PruneResult::oneLine);
  }

  private BackupResult result(
      ServiceProfile profile,
      String outcome,
      String setId,
      String kind,
      BackupManifest manifest,
      List<String> latest,
      PruneResult pruned,
      Found found) {
    return new BackupResult(
        profile.name(),
        outcome,
        setId,
        kind,
        manifest == null ? null : manifest.oneLine(),
        manifest == null ? 0 : manifest.bytes(),
        manifest == null
            ? 0
            : (int) manifest.objects().stream().filter(o -> setId.equals(o.storedIn())).count(),
        manifest == null
            ? 0
            : (int) manifest.objects().stream().filter(o -> !setId.equals(o.storedIn())).count(),
        manifest == null ? 0 : manifest.tables().size(),
        manifest == null ? 0 : manifest.tables().stream().mapToLong(TableExport::rows).sum(),
        latest == null ? List.of() : latest,
        pruned == null ? null : pruned.oneLine(),
        found.instance() == null
            ? null
            : found.instance().oneLine() + "; " + freshness(found.instance(), profile),
        found.withinRpo(),
        runbook.elapsedSeconds(),
        runbook.stepViews(),
        runbook.plannedActions());
  }

  /** The newest set other than this one, whose manifest an incremental set compares with. */
  private String previousSet(BackupLocation location, String setId) {
    return store("list sets in " + location.bucket()).listSets(location).stream()
        .map(BackupSetSummary::setId)
        .filter(id -> id.compareTo(setId) < 0)
        .findFirst()
        .orElse(null);
  }

  /** Null when RDS gives no restorable time (backups off): that is not within the RPO. */
  static Boolean withinRpo(InstanceState instance, ServiceProfile profile) {
    if (instance.latestRestorableTime() == null) {
      return false;
    }
    long age =
        Duration.between(
                instance.latestRestorableTime(), Instant.ofEpochMilli(Workflow.currentTimeMillis()))
            .toSeconds();
    return age <= profile.objectives().rpoMinutes() * 60L;
  }

  static String freshness(InstanceState instance, ServiceProfile profile) {
    if (instance.latestRestorableTime() == null) {
      return "no point-in-time restore possible (automated backups off or instance gone)";
    }
    long age =
        Duration.between(
                instance.latestRestorableTime(), Instant.ofEpochMilli(Workflow.currentTimeMillis()))
            .toSeconds();
    return "restorable data is "
        + dev.drrunbooks.text.Durations.format(Math.max(0, age))
        + " old (RPO "
        + profile.objectives().rpoMinutes()
        + " min)";
  }

  private static BackupStore store(String summary) {
    return Workflow.newActivityStub(
        BackupStore.class,
        summarised(RunbookOptions.QUICK_API_CALL, summary, BackupStore.PERMANENT));
  }

  private static BackupWrites writes(String summary) {
    return Workflow.newActivityStub(
        BackupWrites.class, summarised(RunbookOptions.MUTATION, summary, BackupStore.PERMANENT));
  }
}
