package dev.drrunbooks.restore;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.StepView;
import java.time.Instant;
import java.util.List;

/**
 * What a data restore did. {@code achievedRpoSeconds} is the age of the data it restored when the
 * failure was detected: how much the restore may have lost (0 when nothing had to be restored).
 *
 * @param skippedSets sets that did not verify against their manifests, newest first, with why
 * @param restoredFiles files written back (or already equal)
 * @param restoredInstance the new RDS instance, when the database was restored
 */
public record DataRestoreResult(
    String service,
    String outcome,
    String diagnosis,
    String setId,
    List<String> skippedSets,
    List<String> restoredFiles,
    String restoredInstance,
    Instant dataTakenAt,
    Long achievedRpoSeconds,
    int rpoMinutes,
    long elapsedSeconds,
    int rtoMinutes,
    String health,
    boolean healthy,
    List<StepView> steps,
    List<ApprovalRecord> approvals,
    List<String> plannedActions)
    implements dev.drrunbooks.runbook.RecoveryOutcome {

  /** Restored and verified healthy; a dry run, which changes nothing, too. */
  @Override
  public boolean succeeded() {
    return healthy || (outcome != null && outcome.startsWith(DRY_RUN));
  }

  @Override
  public String verdict() {
    return outcome + ": " + health;
  }

  public static final String RESTORED = "RESTORED";
  public static final String DRY_RUN = "DRY_RUN";
}
