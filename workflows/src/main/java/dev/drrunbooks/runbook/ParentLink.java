package dev.drrunbooks.runbook;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run above this one, if any: an incident keeps the RTO clock of the recovery it runs, and a
 * drill answers the gates its incident and recoveries open, which each run passes up as it hears of
 * them (the {@code gateWaiting} signal), so nobody above has to poll.
 */
final class ParentLink {

  /** Gates opened below this run and not yet taken by it. */
  private final List<GateWaiting> gatesBelow = new ArrayList<>();

  private static Optional<String> parentId() {
    return Workflow.getInfo().getParentWorkflowId();
  }

  boolean none() {
    return parentId().isEmpty();
  }

  /** Whether the run above is an incident, which then keeps the clock. */
  boolean isIncident() {
    return parentId().map(id -> id.startsWith(Procedure.INCIDENT_PREFIX)).orElse(false);
  }

  /**
   * Tells the parent run, if any, that a gate waits: a signal sent on its own, so the gate does not
   * wait for it, and bookkeeping, so a parent gone does not fail this run.
   */
  void tell(GateWaiting gate) {
    Optional<String> parent = parentId();
    if (parent.isEmpty()) {
      return;
    }
    Async.procedure(
        () -> {
          try {
            Workflow.newUntypedExternalWorkflowStub(parent.get())
                .signal(RunbookWorkflow.GATE_WAITING_SIGNAL, gate);
          } catch (RuntimeException parentGone) {
            // the parent ended or was canceled meanwhile: nobody above to tell
          }
        });
  }

  /** A gate opened below: kept for this run, and passed on to the run above. */
  void heard(GateWaiting gate) {
    if (gate == null) {
      return;
    }
    gatesBelow.add(gate);
    tell(gate);
  }

  boolean gateBelowWaiting() {
    return !gatesBelow.isEmpty();
  }

  List<GateWaiting> takeGatesBelow() {
    List<GateWaiting> taken = List.copyOf(gatesBelow);
    gatesBelow.clear();
    return taken;
  }
}
