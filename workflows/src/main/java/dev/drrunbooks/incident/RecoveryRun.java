package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.ApprovalRecord;
import java.util.List;

/**
 * One recovery procedure the incident ran as a child workflow, and how it ended.
 *
 * @param status {@code COMPLETED}, {@code FAILED}, or {@code SKIPPED} when a person gave up on it
 * @param outcome the child's one-line result, e.g. {@code ROLLED_BACK 42 -> 41, healthy}
 * @param healthy whether the child left the service healthy by its own checks
 * @param approvals the child's gates: who approved what, when
 * @param measuredRpoSeconds data loss the child measured, if it did
 */
public record RecoveryRun(
    String procedure,
    String workflowId,
    String status,
    String outcome,
    boolean healthy,
    List<ApprovalRecord> approvals,
    Long measuredRpoSeconds) {

  /** The child ended as it should. */
  public static final String COMPLETED = "COMPLETED";

  /** The child failed and a person gave up on it (skipped its step). */
  public static final String SKIPPED = "SKIPPED";

  public RecoveryRun {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  /** Whether a person gave up on this recovery: the incident then decides again. */
  public boolean givenUp() {
    return SKIPPED.equals(status);
  }
}
