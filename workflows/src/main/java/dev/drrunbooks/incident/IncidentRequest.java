package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code IncidentResponse}, and of its {@code alert} signal when a second alert or person
 * reports the same service: one JSON object, e.g. {@code {"service":"sandbox","reason":"sync
 * stopped","requestedBy":"ops-lead"}}.
 *
 * @param service the service profile's name
 * @param incidentId the incident's id, e.g. from the paging tool; null names it {@code
 *     INC-yyyyMMdd-HHmm-service}
 * @param trigger what opened it; null is a manual incident
 * @param procedure a recovery to propose instead of the classification's ({@code app-rollback},
 *     {@code region-failover}, {@code failback}, {@code none}); still waits for the decision unless
 *     policy allows it
 * @param dryRun assess, classify and notify, run the recovery as a dry run, change nothing
 * @param reason what the reporter sees, in one line
 * @param requestedBy who opened it: a person, or the alert receiver
 * @param detectedAt when the failure was detected; null takes the alert's start
 * @param reportId set by the opener (a UUID per report sent): the incident tells the report that
 *     opened it from the ones that joined it; not typed by people
 */
public record IncidentRequest(
    String service,
    String incidentId,
    Trigger trigger,
    String procedure,
    boolean dryRun,
    String reason,
    String requestedBy,
    Instant detectedAt,
    String reportId)
    implements RunbookRequest {

  public IncidentRequest(
      String service,
      String incidentId,
      Trigger trigger,
      String procedure,
      boolean dryRun,
      String reason,
      String requestedBy,
      Instant detectedAt) {
    this(service, incidentId, trigger, procedure, dryRun, reason, requestedBy, detectedAt, null);
  }

  /** This report, marked with the id its opener gave it. */
  public IncidentRequest withReportId(String id) {
    return new IncidentRequest(
        service, incidentId, trigger, procedure, dryRun, reason, requestedBy, detectedAt, id);
  }

  /** A person opens an incident by hand. */
  public static IncidentRequest manual(String service, String reason, String requestedBy) {
    return new IncidentRequest(
        service, null, Trigger.manual(), null, false, reason, requestedBy, null);
  }

  public Trigger triggerOrManual() {
    return trigger == null ? Trigger.manual() : trigger;
  }

  /** The detection time: given, else the alert's start. */
  @Override
  public Instant detectedAt() {
    if (detectedAt != null) {
      return detectedAt;
    }
    return trigger == null ? null : trigger.startsAt();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>(RunbookRequest.commonProblems(this));
    if (trigger != null) {
      problems.addAll(trigger.problems());
      if (trigger.resolvedAlert()) {
        problems.add("a resolved alert never opens an incident; it is recorded on an open one");
      }
    }
    if (procedure != null && !Recoveries.NAMES.contains(procedure)) {
      problems.add(
          "procedure '" + procedure + "' is not one of " + String.join(", ", Recoveries.NAMES));
    }
    if (!triggerOrManual().fromAlert() && (reason == null || reason.isBlank())) {
      problems.add(
          "reason is required for an incident a person opens: say what was seen (it heads the"
              + " incident's timeline and report)");
    }
    if (reportId != null && !reportId.matches("[A-Za-z0-9-]{1,64}")) {
      problems.add("reportId must be up to 64 letters, digits and dashes");
    }
    if (reason != null && (reason.length() > 500 || !dev.drrunbooks.text.Untrusted.clean(reason))) {
      problems.add("reason must be one line of at most 500 characters");
    }
    return problems;
  }

  /** The incident's id: given, or {@code INC-<yyyyMMdd-HHmm>-<service>} from its opening. */
  public IncidentRequest named(java.time.Instant now) {
    IncidentRequest request = this;
    if (request.incidentId() != null || request.service() == null) {
      return request;
    }
    String id =
        "INC-"
            + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
                .withZone(java.time.ZoneOffset.UTC)
                .format(now)
            + "-";
    String service = request.service().replaceAll("[^A-Za-z0-9._:/#-]", "");
    id = (id + service).length() > 64 ? (id + service).substring(0, 64) : id + service;
    return new IncidentRequest(
        request.service(),
        id,
        request.trigger(),
        request.procedure(),
        request.dryRun(),
        request.reason(),
        request.requestedBy(),
        request.detectedAt(),
        request.reportId());
  }
}
