package dev.drrunbooks.rollback;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.StepView;
import java.util.List;

/** What a rollback did, how long it took against the RTO, and who decided what. */
public record AppRollbackResult(
    String service,
    Outcome outcome,
    int fromRevision,
    int toRevision,
    boolean healthy,
    String health,
    long recoverySeconds,
    int rtoMinutes,
    List<StepView> steps,
    List<ApprovalRecord> approvals,
    List<String> plannedActions)
    implements dev.drrunbooks.runbook.RecoveryOutcome {

  @Override
  public boolean succeeded() {
    return healthy;
  }

  @Override
  public String verdict() {
    return outcome + " " + fromRevision + " -> " + toRevision + ": " + health;
  }

  public enum Outcome {
    ROLLED_BACK,
    ALREADY_ON_TARGET,
    DRY_RUN,
    ROLLED_BACK_UNHEALTHY,
    /** An automatic trigger found the service healthy: nothing was rolled back. */
    NOT_NEEDED
  }

  public boolean withinRto() {
    return recoverySeconds <= rtoMinutes * 60L;
  }
}
