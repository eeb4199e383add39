package dev.drrunbooks.restore;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Data restore: plan sections 3.2, 4.2 and 5.2.2. See README.md in this package. */
@WorkflowInterface
public interface DataRestoreWorkflow extends RunbookWorkflow {

  String TYPE = "DataRestore";

  @WorkflowMethod(name = TYPE)
  DataRestoreResult run(DataRestoreRequest request);
}
