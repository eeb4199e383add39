package dev.drrunbooks.failover;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Region failover: plan sections 3.3 and 5.2.3. See README.md in this package. */
@WorkflowInterface
public interface RegionFailoverWorkflow extends RunbookWorkflow {

  String TYPE = "RegionFailover";

  @WorkflowMethod(name = TYPE)
  RegionFailoverResult run(RegionFailoverRequest request);
}
