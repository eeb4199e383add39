package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.RecoveryAttempt;
import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The plan's initial response (5.1), one per service: assess, classify, notify, let the commander
 * decide the recovery, run it, validate, report. Its workflow id is {@code incident/<resource>}, so
 * a second report of the same service joins it (update-with-start of {@code join}).
 */
@WorkflowInterface
public interface IncidentResponseWorkflow extends RunbookWorkflow {

  /**
   * The {@code join} update's answers, and the start of its refusal of an alert already recorded
   * (the SDK passes a validator's failure on without its type).
   */
  String OPENED = "opened";

  String JOINED = "joined";
  String DUPLICATE_REPORT = "DuplicateReport";

  /** The incident's own update and signal names, and the step a client waits for. */
  String DECIDE = "decide";

  String ADD_NOTE = "addNote";
  String JOIN = "join";
  String ALERT = "alert";
  String CLASSIFY_STEP = "classify";

  String TYPE = dev.drrunbooks.runbook.Procedure.INCIDENT_TYPE;

  @WorkflowMethod(name = TYPE)
  IncidentReport run(IncidentRequest request);

  /** The commander's choice of recovery; refused up front when not valid. */
  @UpdateMethod(name = DECIDE)
  IncidentDecision decide(DecideRequest request);

  @UpdateValidatorMethod(updateName = DECIDE)
  void validateDecide(DecideRequest request);

  /** An observation, cause or improvement anyone on the incident records. */
  @UpdateMethod(name = ADD_NOTE)
  IncidentNote addNote(NoteRequest request);

  @UpdateValidatorMethod(updateName = ADD_NOTE)
  void validateAddNote(NoteRequest request);

  /**
   * A report of this service, sent with update-with-start by the CLI and the receiver: the one
   * whose start opened the incident is answered "opened", every other "joined" and recorded on the
   * timeline. The validator refuses an alert already recorded (same fingerprint), so copies of it
   * never reach the history.
   */
  @UpdateMethod(name = JOIN)
  String join(IncidentRequest request);

  @UpdateValidatorMethod(updateName = JOIN)
  void validateJoin(IncidentRequest request);

  /**
   * Another alert or person reports the same service: it joins this incident. Kept for runs opened
   * before the {@code join} update, and for a resolved alert, which is only noted.
   */
  @SignalMethod(name = ALERT)
  void alert(IncidentRequest request);

  /** Someone started a recovery of this service by hand; it was refused and is recorded here. */
  @SignalMethod(name = RunbookWorkflow.RECOVERY_ATTEMPTED_SIGNAL)
  void recoveryAttempted(RecoveryAttempt attempt);

  /** The report as it stands: a draft while the incident is open. */
  @QueryMethod(name = "report")
  IncidentReport report();
}
