package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code Backup}: one JSON object, e.g. {@code {"service":"gitee-notion-sync","kind":
 * "incremental"}}. A schedule starts it (hourly incremental, daily full).
 *
 * @param kind {@code full} (every object plus the database export) or {@code incremental} (only
 *     objects changed since the newest set); default full
 * @param setId the set to write (the UTC time, e.g. {@code 20261121T031500Z}); default the run's
 *     start. Running again with the same id returns that set, it does not write a second one
 */
public record BackupRequest(
    String service,
    boolean dryRun,
    String incidentId,
    String requestedBy,
    Instant detectedAt,
    String kind,
    String setId)
    implements RunbookRequest {

  public String kindOrDefault() {
    return kind == null || kind.isBlank() ? BackupManifest.FULL : kind;
  }

  /** Set ids are the UTC time the set was taken. */
  public static final java.util.regex.Pattern SET_ID =
      java.util.regex.Pattern.compile("\\d{8}T\\d{6}Z");

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>(RunbookRequest.commonProblems(this));
    if (kind != null
        && !kind.isBlank()
        && !List.of(BackupManifest.FULL, BackupManifest.INCREMENTAL).contains(kind)) {
      problems.add("kind must be full or incremental (was '" + kind + "')");
    }
    if (setId != null && !SET_ID.matcher(setId).matches()) {
      problems.add("setId must look like 20261121T031500Z (the UTC time of the set)");
    }
    return problems;
  }
}
