package dev.drrunbooks.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What a drill's participants do, through the same Temporal API people use: find the gates that
 * wait (in the incident and in the recovery it runs), and approve one in their name.
 */
@ActivityInterface
public interface DrillActivities {

  /** A gate that waits for a person. */
  record WaitingGate(String workflowId, String gate) {}

  /** One run and the gates waiting in it and in the children it is running now. */
  record GateQuery(String workflowId) {}

  /** An approval in a participant's name. */
  record GateApproval(String workflowId, String gate, String approver, String comment) {}

  @ActivityMethod(name = "WaitingGates")
  List<WaitingGate> waitingGates(GateQuery query);

  /** Sends the {@code approve} update; a gate no longer waiting (decided meanwhile) is no error. */
  @ActivityMethod(name = "ApproveGate")
  String approve(GateApproval approval);
}
