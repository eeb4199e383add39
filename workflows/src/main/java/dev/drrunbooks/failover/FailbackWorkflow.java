package dev.drrunbooks.failover;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Failback: the public name returns to the primary region once it is healthy again, and the standby
 * goes back to idle. Takes the same request as {@link RegionFailoverWorkflow}. See README.md in
 * this package.
 */
@WorkflowInterface
public interface FailbackWorkflow extends RunbookWorkflow {

  String TYPE = "Failback";

  @WorkflowMethod(name = TYPE)
  RegionFailoverResult run(RegionFailoverRequest request);
}
