package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.List;

/**
 * Input of {@code BackupVerification}: {@code {"service":"gitee-notion-sync"}}; a schedule starts
 * it daily. A dry run checks the sets and the instance but restores nothing, not even to scratch.
 */
public record BackupVerificationRequest(
    String service, boolean dryRun, String incidentId, String requestedBy, Instant detectedAt)
    implements RunbookRequest {

  @Override
  public List<String> problems() {
    return RunbookRequest.commonProblems(this);
  }
}
