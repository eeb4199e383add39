package dev.drrunbooks.drill;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A disaster-recovery drill on the sandbox: inject, respond, restore, report. */
@WorkflowInterface
public interface DrillWorkflow extends RunbookWorkflow {

  String TYPE = "Drill";

  @WorkflowMethod(name = TYPE)
  DrillReport run(DrillRequest request);

  /** The report, once the drill has made it; null before. */
  @QueryMethod(name = "drillReport")
  DrillReport report();
}
