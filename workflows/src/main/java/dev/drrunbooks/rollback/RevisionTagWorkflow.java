package dev.drrunbooks.rollback;

import dev.drrunbooks.service.ServiceChange;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Marks a revision known-bad or removes the mark ({@code runbook revision mark|unmark}): the worker
 * holds the AWS credentials, so the CLI asks through Temporal and the decision is in the history
 * with its actor and reason.
 */
@WorkflowInterface
public interface RevisionTagWorkflow {

  String TYPE = "RevisionTag";

  @WorkflowMethod(name = TYPE)
  ServiceChange run(RevisionTagRequest request);
}
