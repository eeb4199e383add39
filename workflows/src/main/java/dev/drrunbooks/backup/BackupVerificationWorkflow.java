package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Backup verification: plan 4.2 "定期验证备份的有效性", task list section 2. */
@WorkflowInterface
public interface BackupVerificationWorkflow extends RunbookWorkflow {

  String TYPE = "BackupVerification";

  @WorkflowMethod(name = TYPE)
  BackupVerificationResult run(BackupVerificationRequest request);
}
