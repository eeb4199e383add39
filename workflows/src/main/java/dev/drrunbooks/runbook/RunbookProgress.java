package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.List;

/** The answer of the {@code progress()} query: the whole checklist and the objectives clock. */
public record RunbookProgress(
    String procedure,
    String workflowId,
    String service,
    String incidentId,
    RunStatus status,
    boolean dryRun,
    Instant startedAt,
    Instant endedAt,
    long elapsedSeconds,
    int rtoMinutes,
    List<StepView> steps,
    List<ApprovalRecord> approvals,
    List<StepResolution> resolutions,
    List<String> plannedActions,
    String outcome) {

  /** Share of the RTO used so far, in percent (0 when the profile is not loaded yet). */
  public int rtoPercentUsed() {
    return rtoMinutes <= 0 ? 0 : (int) (elapsedSeconds * 100 / (rtoMinutes * 60L));
  }

  /** The step a person has to act on, if any. */
  public StepView waitingStep() {
    return steps.stream()
        .filter(
            s ->
                s.status() == StepStatus.WAITING_FOR_APPROVAL
                    || (status == RunStatus.WAITING_FOR_OPERATOR
                        && s.status() == StepStatus.FAILED))
        .findFirst()
        .orElse(null);
  }
}
