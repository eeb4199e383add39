package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.TimelineEvent;
import dev.drrunbooks.validation.Check;
import java.time.Instant;
import java.util.List;

/**
 * What an incident leaves behind (task list 6: operation log, cause analysis, improvements): the
 * measured RTO and RPO against the objectives, what was found, decided and run, who approved what
 * and when, every notification, and the notes. Stored as Markdown and JSON; the workflow's result.
 *
 * @param status {@code OPEN} while it runs, then {@code RESOLVED} (validation passed), {@code
 *     UNRESOLVED} (closed without a passing validation) or {@code ABORTED}
 * @param joined alerts and reports that joined the open incident after it was opened
 * @param recoveredAt when validation passed: the end of the measured RTO
 * @param rtoSeconds from detection to validation passed; null while not recovered
 * @param rpoSeconds the data loss measured (the sync lag when validated); null when not measured
 * @param assessment the first look, each part as a check with its evidence
 * @param approvals every gate decided in the recoveries: approver and time
 * @param improvements the notes marked as improvements, then what the run itself suggests
 * @param stored where the report was written (file paths or s3:// URIs)
 */
public record IncidentReport(
    String incidentId,
    String workflowId,
    String service,
    String resource,
    String status,
    boolean dryRun,
    String reason,
    Trigger trigger,
    List<JoinedReport> joined,
    Instant detectedAt,
    Instant openedAt,
    Instant recoveredAt,
    Instant closedAt,
    Long rtoSeconds,
    int rtoMinutes,
    Long rpoSeconds,
    int rpoMinutes,
    List<Check> assessment,
    Classification classification,
    List<IncidentDecision> decisions,
    List<RecoveryRun> recoveries,
    String validation,
    List<Check> validationChecks,
    List<dev.drrunbooks.runbook.ApprovalRecord> approvals,
    List<IncidentNote> notes,
    List<String> improvements,
    List<TimelineEvent> timeline,
    List<String> stored,
    List<dev.drrunbooks.profile.ServiceProfile.Contact> contacts) {

  public static final String OPEN = "OPEN";
  public static final String RESOLVED = "RESOLVED";
  public static final String UNRESOLVED = "UNRESOLVED";
  public static final String ABORTED = "ABORTED";

  public IncidentReport {
    joined = copy(joined);
    assessment = copy(assessment);
    decisions = copy(decisions);
    recoveries = copy(recoveries);
    validationChecks = copy(validationChecks);
    approvals = copy(approvals);
    notes = copy(notes);
    improvements = copy(improvements);
    timeline = copy(timeline);
    stored = copy(stored);
    contacts = copy(contacts);
  }

  public boolean withinRto() {
    return rtoSeconds != null && rtoSeconds <= rtoMinutes * 60L;
  }

  public boolean withinRpo() {
    return rpoSeconds != null && rpoSeconds <= rpoMinutes * 60L;
  }

  /** The same report, with where it was stored. */
  public IncidentReport storedAt(List<String> locations) {
    return new IncidentReport(
        incidentId,
        workflowId,
        service,
        resource,
        status,
        dryRun,
        reason,
        trigger,
        joined,
        detectedAt,
        openedAt,
        recoveredAt,
        closedAt,
        rtoSeconds,
        rtoMinutes,
        rpoSeconds,
        rpoMinutes,
        assessment,
        classification,
        decisions,
        recoveries,
        validation,
        validationChecks,
        approvals,
        notes,
        improvements,
        timeline,
        locations,
        contacts);
  }

  /** E.g. {@code RESOLVED: APPLICATION SEV1, app-rollback; RTO 4m 10s of 30m; RPO 40s of 5m}. */
  public String oneLine() {
    return status
        + (dryRun ? " (dry run)" : "")
        + ": "
        + (classification == null
            ? "not classified"
            : classification.type() + " " + classification.severity())
        + (recoveries.isEmpty()
            ? ", no recovery run"
            : ", "
                + String.join(
                    " then ",
                    recoveries.stream()
                        .map(r -> r.procedure() + " " + r.status().toLowerCase())
                        .toList()))
        + "; RTO "
        + (rtoSeconds == null
            ? "not met (not recovered)"
            : dev.drrunbooks.text.Durations.format(rtoSeconds))
        + " of "
        + rtoMinutes
        + "m; RPO "
        + (rpoSeconds == null ? "not measured" : dev.drrunbooks.text.Durations.format(rpoSeconds))
        + " of "
        + rpoMinutes
        + "m";
  }

  private static <T> List<T> copy(List<T> items) {
    return items == null ? List.of() : List.copyOf(items);
  }
}
