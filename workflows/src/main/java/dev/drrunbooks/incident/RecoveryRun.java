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

  public RecoveryRun {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }
}
