package dev.drrunbooks.rollback;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Application rollback: plan sections 3.1 and 5.2.1. See README.md in this package. */
@WorkflowInterface
public interface AppRollbackWorkflow extends RunbookWorkflow {

  String TYPE = "AppRollback";

  @WorkflowMethod(name = TYPE)
  AppRollbackResult run(AppRollbackRequest request);
}
