package dev.drrunbooks.validation;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Post-recovery validation: plan section 5.3. See README.md in this package. */
@WorkflowInterface
public interface ValidationWorkflow extends RunbookWorkflow {

  String TYPE = "Validation";

  @WorkflowMethod(name = TYPE)
  ValidationReport run(ValidationRequest request);
}
