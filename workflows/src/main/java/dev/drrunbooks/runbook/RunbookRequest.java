package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.List;

/**
 * What every procedure's request record has, so one CLI command, one alert receiver and the
 * Temporal UI can start any procedure with one JSON object.
 */
public interface RunbookRequest {

  /** Profile names: the file names under {@code runbooks/}. */
  java.util.regex.Pattern SERVICE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Incident ids go into a search attribute and every notification: a safe, short set. */
  java.util.regex.Pattern INCIDENT = java.util.regex.Pattern.compile("[A-Za-z0-9._:/#-]{1,64}");

  /** The service profile's name (a file under {@code runbooks/}). */
  String service();

  /** Report what would be done; change nothing. */
  boolean dryRun();

  /** The incident this run belongs to, if any. */
  String incidentId();

  /** Who or what started the run: a person, an alert rule, a parent runbook. */
  String requestedBy();

  /**
   * When the failure was detected (an alert's start), if known. The objectives clock measures the
   * RTO from here, so a child procedure and its parent agree on how much time is left.
   */
  Instant detectedAt();

  /**
   * How long ago a failure may have been detected for a run to measure its RTO from it: older is a
   * mistake (Alertmanager's zero time 0001-01-01, a wrong year), refused before anything starts.
   */
  java.time.Duration MAX_DETECTION_AGE = java.time.Duration.ofDays(7);

  /**
   * What is wrong with this request, one message per problem naming the field; empty when valid.
   * The CLI checks it before starting, and the workflow again first thing.
   */
  List<String> problems();

  /** The checks every request shares; a record adds its own. */
  static List<String> commonProblems(RunbookRequest r) {
    List<String> problems = new java.util.ArrayList<>();
    if (r.service() == null || r.service().isBlank()) {
      problems.add("service is required, e.g. {\"service\":\"sandbox\"}");
    } else if (!SERVICE.matcher(r.service()).matches()) {
      problems.add("service must be a profile name: letters, digits, - and _ (at most 64)");
    }
    if (r.incidentId() != null && !INCIDENT.matcher(r.incidentId()).matches()) {
      problems.add("incidentId must be letters, digits and . _ : / # - (at most 64), e.g. INC-42");
    }
    if (r.requestedBy() != null
        && (r.requestedBy().length() > 100
            || !dev.drrunbooks.text.Untrusted.clean(r.requestedBy()))) {
      problems.add("requestedBy must be one line of at most 100 characters");
    }
    return problems;
  }
}
