package dev.drrunbooks.sandbox;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code runbook sandbox show|break|reset}: the practice sandbox lives inside the worker, so the
 * CLI changes it through Temporal, and every break and reset is in a history.
 */
@WorkflowInterface
public interface SandboxControlWorkflow {

  String TYPE = "SandboxControl";

  @WorkflowMethod(name = TYPE)
  String run(SandboxCommand command);
}
