package dev.drrunbooks.restore;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupSetSummary;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.BackupWrites;
import dev.drrunbooks.backup.FileTarget;
import dev.drrunbooks.backup.LiveCompare;
import dev.drrunbooks.backup.SetCheck;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup sets a restore reads: the newest that verifies (a damaged one is skipped and said so),
 * and the service's files compared with the set afterwards.
 */
final class BackupSets {

  private final Runbook runbook;
  private final List<String> skippedSets = new ArrayList<>();

  BackupSets(Runbook runbook) {
    this.runbook = runbook;
  }

  List<String> skipped() {
    return List.copyOf(skippedSets);
  }

  /**
   * The newest set whose objects all match its manifest; a damaged one is skipped and said so. An
   * explicit set must verify, or the run ends: a set the operator chose is never swapped silently.
   */
  SetCheck newestVerified(String setId, BackupLocation location) {
    BackupStore store = store("check the backup bucket");
    store.checkBucket(location);
    if (setId != null) {
      SetCheck check = store("verify set " + setId).verifySet(new SetQuery(location, setId));
      if (!check.intact()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "set " + setId + " does not verify: " + String.join("; ", check.problems()),
            BackupStore.MANIFEST_UNREADABLE);
      }
      return check;
    }
    List<BackupSetSummary> sets = store("list backup sets").listSets(location);
    if (sets.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no backup set in " + location.uri(""), BackupStore.SET_NOT_FOUND);
    }
    for (BackupSetSummary s :
        sets.subList(0, Math.min(DataRestoreWorkflowImpl.SETS_TRIED, sets.size()))) {
      SetCheck check;
      try {
        check = store("verify set " + s.setId()).verifySet(new SetQuery(location, s.setId()));
      } catch (ActivityFailure unreadable) {
        skippedSets.add(s.setId() + ": " + Failures.reasonOf(unreadable));
        runbook.detail(
            DataRestoreWorkflowImpl.FIND_BACKUP,
            "skipped " + s.setId() + ": " + Failures.reasonOf(unreadable));
        continue;
      }
      if (check.intact()) {
        return check;
      }
      skippedSets.add(s.setId() + ": " + String.join("; ", check.problems()));
      runbook.note(
          Runbook.RUNBOOK_ACTOR,
          "backup set " + s.setId() + " skipped: " + String.join("; ", check.problems()));
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "none of the newest "
            + Math.min(DataRestoreWorkflowImpl.SETS_TRIED, sets.size())
            + " backup sets verifies: "
            + String.join(" | ", skippedSets),
        BackupStore.SET_NOT_FOUND);
  }

  String line(SetCheck s) {
    return "set "
        + s.setId()
        + " ("
        + s.manifest().kind()
        + ", taken "
        + s.manifest().takenAt()
        + ") verifies"
        + (skippedSets.isEmpty() ? "" : "; skipped " + String.join(" | ", skippedSets));
  }

  List<String> filesMatch(SetQuery set, List<FileTarget> targets, String rewritten) {
    List<FileTarget> compared = targets.stream().filter(t -> !t.name().equals(rewritten)).toList();
    List<String> problems =
        store("compare the service's files with set " + set.setId())
            .compareLive(new LiveCompare(set, compared));
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "the service's files differ from the set: " + String.join("; ", problems),
          FailureTypes.CHECK_FAILED);
    }
    List<String> lines = new ArrayList<>();
    compared.forEach(t -> lines.add(t.name() + " equals the manifest"));
    if (rewritten != null) {
      lines.add(rewritten + " equals the manifest but for its database host (checked by login)");
    }
    return lines;
  }

  static BackupStore store(String summary) {
    return Workflow.newActivityStub(
        BackupStore.class, summarised(RunbookOptions.TRANSFER, summary, BackupStore.PERMANENT));
  }

  static BackupWrites writes(String summary, io.temporal.activity.ActivityOptions options) {
    return Workflow.newActivityStub(
        BackupWrites.class, summarised(options, summary, BackupStore.PERMANENT));
  }
}
