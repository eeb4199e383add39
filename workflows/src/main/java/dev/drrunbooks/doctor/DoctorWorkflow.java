package dev.drrunbooks.doctor;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code runbook doctor}'s probe: a run that a worker on the task queue must pick up and answer,
 * which proves the worker polls the queue and lets it report its own view.
 */
@WorkflowInterface
public interface DoctorWorkflow {

  String TYPE = "Doctor";

  @WorkflowMethod(name = TYPE)
  WorkerReport run(DoctorRequest request);
}
