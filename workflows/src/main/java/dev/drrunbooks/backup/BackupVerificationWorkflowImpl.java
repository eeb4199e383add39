package dev.drrunbooks.backup;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.backup.BackupVerificationResult.Check;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Failures;
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
import dev.drrunbooks.text.Durations;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup strategy's "verify the backups regularly" (plan 4.2) and the task list's backup
 * verification (integrity check, restore test, backup monitoring): the newest set is young enough,
 * every object matches its manifest, a test restore matches byte for byte, the database export
 * loads into a scratch database with equal row counts and checksums, and the real-time backup is
 * within the RPO. A failed check does not stop the others: the run reports all of them and notifies
 * when any failed.
 */
public class BackupVerificationWorkflowImpl extends RunbookWorkflowBase
    implements BackupVerificationWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String FIND_NEWEST = "find-newest-set";
  static final String CHECK_AGE = "check-age";
  static final String CHECK_CHECKSUMS = "check-checksums";
  static final String TEST_RESTORE = "test-restore";
  static final String TEST_TABLES = "test-restore-tables";
  static final String CHECK_REALTIME = "check-realtime-backup";
  static final String REPORT = "report";

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.of(FIND_NEWEST, "Find the newest backup set"),
          Step.of(CHECK_AGE, "The newest set is no older than its schedule allows"),
          Step.of(CHECK_CHECKSUMS, "Every object matches the manifest's SHA-256"),
          Step.of(TEST_RESTORE, "Test restore to a scratch prefix, compared byte for byte"),
          Step.of(TEST_TABLES, "Load the database export into a scratch database and compare"),
          Step.of(CHECK_REALTIME, "The real-time backup (RDS restorable time) is within the RPO"),
          Step.of(REPORT, "Report the result; notify when a check failed"));

  @WorkflowInit
  public BackupVerificationWorkflowImpl(BackupVerificationRequest request) {
    super(new Runbook(BackupProcedures.BACKUP_VERIFICATION, request, PLAN));
  }

  @Override
  public BackupVerificationResult run(BackupVerificationRequest request) {
    return runbook.run(request, () -> verify(request));
  }

  private BackupVerificationResult verify(BackupVerificationRequest request) {
    ServiceProfile profile = runbook.loadProfile(LOAD_PROFILE, request.service());
    ServiceRef ref = ServiceRef.primary(profile);
    BackupLocation location = BackupLocation.required(runbook, profile);
    List<BackupSetSummary> sets =
        runbook.step(
            FIND_NEWEST,
            () -> store("list sets").listSets(location),
            l ->
                l.isEmpty()
                    ? "no set in " + location.uri("")
                    : "newest " + l.get(0).setId() + " of " + l.size());
    List<Check> checks = new ArrayList<>();
    if (sets == null || sets.isEmpty()) {
      checks.add(new Check(CHECK_AGE, false, "no backup set in " + location.uri("")));
      runbook.skipRemaining("no backup set to verify");
      return finish(profile, null, checks);
    }
    BackupSetSummary newest = sets.get(0);
    SetQuery query = new SetQuery(location, newest.setId());

    checks.add(checkAge(profile, newest));

    Branch<Check> checksums = Branch.of(CHECK_CHECKSUMS, () -> checksums(query), Check::oneLine);
    Branch<Check> scratch =
        Branch.of(
            TEST_RESTORE,
            () -> testRestore(query, profile.backup().scratchPrefixOrDefault()),
            Check::oneLine);
    ServiceProfile.Database db = profile.database();
    Branch<Check> tables =
        db == null
                || db.scratch() == null
                || db.schemaFile() == null
                || db.tablesOrEmpty().isEmpty()
            ? null
            : Branch.of(TEST_TABLES, () -> testTables(location, sets, db), Check::oneLine);
    Branch<Check> realtime =
        db == null || db.instanceId() == null
            ? null
            : Branch.of(CHECK_REALTIME, () -> realtime(ref, db, profile), Check::oneLine);
    List<Branch<?>> branches = new ArrayList<>(List.of(checksums));
    if (request.dryRun()) {
      runbook.skip(TEST_RESTORE, "dry run: no test restore");
    } else {
      branches.add(scratch);
    }
    if (tables == null || request.dryRun()) {
      runbook.skip(
          TEST_TABLES,
          request.dryRun()
              ? "dry run: no scratch database load"
              : "the profile names no scratch database or tables (database.scratch, database.tables)");
    } else {
      branches.add(tables);
    }
    if (realtime == null) {
      runbook.skip(CHECK_REALTIME, "the profile names no RDS instance (database.instanceId)");
    } else {
      branches.add(realtime);
    }
    Parallel.Results results = runbook.parallel(branches);
    for (Branch<?> b : branches) {
      Check c = (Check) results.get(b);
      if (c != null) {
        checks.add(c);
      }
    }
    return finish(profile, newest.setId(), checks);
  }

  /** The newest set is as young as its schedule allows (backup.maxSetAgeMinutes). */
  private Check checkAge(ServiceProfile profile, BackupSetSummary newest) {
    long age = Duration.between(newest.takenAt(), now()).toSeconds();
    int maxAge = profile.backup().maxSetAgeMinutesOrDefault();
    return runbook.step(
        CHECK_AGE,
        () ->
            new Check(
                CHECK_AGE,
                age <= maxAge * 60L,
                "set "
                    + newest.setId()
                    + " is "
                    + Durations.format(Math.max(0, age))
                    + " old (at most "
                    + maxAge
                    + " min: backup.maxSetAgeMinutes)"),
        Check::oneLine);
  }

  private BackupVerificationResult finish(
      ServiceProfile profile, String setId, List<Check> checks) {
    boolean passed = checks.stream().allMatch(Check::passed);
    BackupVerificationResult result =
        new BackupVerificationResult(
            profile.name(),
            passed,
            setId,
            List.copyOf(checks),
            runbook.elapsedSeconds(),
            List.of());
    runbook.step(REPORT, result::oneLine, s -> s);
    if (!passed && !runbook.dryRun()) {
      // The verdict is the run's status: a failed verification ends FAILED (exit 1, listed FAILED,
      // a scheduled one pauses its schedule until someone looks), and the team is told, critical.
      throw runbook.endRun(result.oneLine(), FailureTypes.CHECK_FAILED);
    }
    runbook.complete(result.oneLine());
    return new BackupVerificationResult(
        result.service(),
        passed,
        setId,
        result.checks(),
        runbook.elapsedSeconds(),
        runbook.stepViews());
  }

  private Check checksums(SetQuery query) {
    try {
      SetCheck c = transfer("verify set " + query.setId()).verifySet(query);
      return new Check(CHECK_CHECKSUMS, c.intact(), c.oneLine());
    } catch (ActivityFailure f) {
      return new Check(
          CHECK_CHECKSUMS, false, "set " + query.setId() + ": " + Failures.reasonOf(f));
    }
  }

  private Check testRestore(SetQuery query, String prefix) {
    try {
      ScratchRestore r =
          Workflow.newActivityStub(
                  BackupTests.class,
                  summarised(
                      RunbookOptions.TRANSFER,
                      "test restore of " + query.setId(),
                      BackupStore.PERMANENT))
              .testRestore(
                  new ScratchRestoreCommand(
                      query,
                      prefix
                          + Workflow.getInfo().getWorkflowId().replaceAll("[^A-Za-z0-9-]", "-")
                          + "/"));
      return new Check(TEST_RESTORE, r.matches(), r.oneLine());
    } catch (ActivityFailure f) {
      return new Check(TEST_RESTORE, false, Failures.reasonOf(f));
    }
  }

  /** The newest full set's export (incremental sets carry no tables). */
  private Check testTables(
      BackupLocation location, List<BackupSetSummary> sets, ServiceProfile.Database db) {
    BackupStore read = transfer("find the newest full set");
    for (BackupSetSummary s : sets) {
      SetCheck c;
      try {
        c = read.verifySet(new SetQuery(location, s.setId()));
      } catch (ActivityFailure f) {
        continue;
      }
      if (c.manifest() == null || c.manifest().tables().isEmpty()) {
        continue;
      }
      ServiceProfile.Database.Scratch sc = db.scratch();
      try {
        TableRestoreCheck t =
            Workflow.newActivityStub(
                    BackupTests.class,
                    summarised(
                        RunbookOptions.TRANSFER,
                        "load " + s.setId() + "'s tables into scratch",
                        BackupStore.PERMANENT))
                .restoreTables(
                    new TableRestoreCommand(
                        new SetQuery(location, s.setId()),
                        new DatabaseTarget(
                            ServiceRef.primary(runbook.profile()),
                            sc.host(),
                            sc.port(),
                            sc.name(),
                            sc.secretArn()),
                        "verify_" + s.setId().toLowerCase(),
                        db.schemaFile()));
        return new Check(TEST_TABLES, t.matches(), "set " + s.setId() + ": " + t.oneLine());
      } catch (ActivityFailure f) {
        return new Check(TEST_TABLES, false, "set " + s.setId() + ": " + Failures.reasonOf(f));
      }
    }
    return new Check(TEST_TABLES, false, "no full set with a database export found");
  }

  private Check realtime(ServiceRef ref, ServiceProfile.Database db, ServiceProfile profile) {
    InstanceState s =
        Workflow.newActivityStub(
                DatabaseChecks.class,
                summarised(RunbookOptions.QUICK_API_CALL, "describe " + db.instanceId()))
            .describeInstance(new InstanceQuery(ref, db.instanceId()));
    return new Check(
        CHECK_REALTIME,
        Boolean.TRUE.equals(BackupWorkflowImpl.withinRpo(s, profile)),
        s.oneLine() + "; " + BackupWorkflowImpl.freshness(s, profile));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static BackupStore store(String summary) {
    return Workflow.newActivityStub(
        BackupStore.class,
        summarised(RunbookOptions.QUICK_API_CALL, summary, BackupStore.PERMANENT));
  }

  private static BackupStore transfer(String summary) {
    return Workflow.newActivityStub(
        BackupStore.class, summarised(RunbookOptions.TRANSFER, summary, BackupStore.PERMANENT));
  }
}
