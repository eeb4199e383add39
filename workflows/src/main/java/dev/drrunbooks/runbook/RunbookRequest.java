package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.List;

/**
 * What every procedure's request record has, so one CLI command, one alert receiver and the
 * Temporal UI can start any procedure with one JSON object.
 */
public interface RunbookRequest {

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
   * What is wrong with this request, one message per problem naming the field; empty when valid.
   * The CLI checks it before starting, and the workflow again first thing.
   */
  List<String> problems();

  /** The checks every request shares; a record adds its own. */
  static List<String> commonProblems(RunbookRequest r) {
    List<String> problems = new java.util.ArrayList<>();
    if (r.service() == null || r.service().isBlank()) {
      problems.add("service is required, e.g. {\"service\":\"sandbox\"}");
    }
    return problems;
  }
}
