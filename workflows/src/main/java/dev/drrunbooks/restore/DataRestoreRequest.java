package dev.drrunbooks.restore;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code DataRestore}: one JSON object, e.g. {@code
 * {"service":"gitee-notion-sync","incidentId":"INC-42","reason":"sync cannot log in"}}.
 *
 * @param setId restore this backup set (e.g. {@code 20261121T031500Z}) instead of the newest one
 *     that verifies; a set that does not verify is refused, never restored
 * @param restoreTime restore the database to this instant instead of the latest restorable time
 *     (only when the database itself is lost)
 * @param reason what is wrong, in one line; shown first in the gate's question
 */
public record DataRestoreRequest(
    String service,
    boolean dryRun,
    String incidentId,
    String requestedBy,
    Instant detectedAt,
    String reason,
    String setId,
    Instant restoreTime)
    implements RunbookRequest {

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>(RunbookRequest.commonProblems(this));
    if (reason != null && (reason.length() > 500 || !dev.drrunbooks.text.Untrusted.clean(reason))) {
      problems.add("reason must be one line of at most 500 characters");
    }
    if (setId != null && !dev.drrunbooks.backup.BackupRequest.SET_ID.matcher(setId).matches()) {
      problems.add(
          "setId must be a backup set id such as 20261121T031500Z (UTC time it was taken)");
    }
    return problems;
  }
}
