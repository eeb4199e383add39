package dev.drrunbooks.failover;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.StepView;
import java.util.List;

/**
 * What a failover (or a failback, which answers with the same record, regions reversed) did and how
 * long it took.
 *
 * @param dnsBefore where the public name pointed before the run
 * @param dnsAfter where it points now
 * @param dnsInSyncSeconds from the RTO clock's start to Route 53 reporting the switch INSYNC: the
 *     failover's critical path
 * @param standbyReadyBeforeApprovalSeconds how long before the gate's approval the standby was
 *     already steady (0 when it became steady after): the time saved by starting it early
 * @param validation the Validation child's verdict after the switch; null when not run
 * @param measuredRpoSeconds the sync lag that validation measured: the data the move cost
 */
public record RegionFailoverResult(
    String service,
    Outcome outcome,
    String fromRegion,
    String toRegion,
    String dnsBefore,
    String dnsAfter,
    String health,
    long recoverySeconds,
    Long dnsInSyncSeconds,
    long standbyReadyBeforeApprovalSeconds,
    int rtoMinutes,
    List<StepView> steps,
    List<ApprovalRecord> approvals,
    List<String> plannedActions,
    String validation,
    Boolean validationPassed,
    Long measuredRpoSeconds)
    implements dev.drrunbooks.runbook.RecoveryOutcome {

  /** Switched, and its validation did not fail (a run that was not validated is not failed). */
  @Override
  public boolean succeeded() {
    return validationPassed == null || validationPassed;
  }

  @Override
  public String verdict() {
    return outcome + " " + fromRegion + " -> " + toRegion + ": " + health;
  }

  public enum Outcome {
    FAILED_OVER,
    /** The public name already pointed at the standby: nothing was switched. */
    ALREADY_ON_STANDBY,
    DRY_RUN,
    /** Failback: the name is back on the primary and the standby idles again. */
    FAILED_BACK,
    /** Failback: the name already pointed at the primary: nothing was switched. */
    ALREADY_ON_PRIMARY
  }

  public boolean withinRto() {
    return recoverySeconds <= rtoMinutes * 60L;
  }
}
