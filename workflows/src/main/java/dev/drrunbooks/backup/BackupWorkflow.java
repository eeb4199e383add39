package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Backups: plan section 4.2, task list section 2. See README.md in this package. */
@WorkflowInterface
public interface BackupWorkflow extends RunbookWorkflow {

  String TYPE = "Backup";

  @WorkflowMethod(name = TYPE)
  BackupResult run(BackupRequest request);
}
