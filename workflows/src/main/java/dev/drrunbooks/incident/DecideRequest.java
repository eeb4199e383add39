package dev.drrunbooks.incident;

/**
 * Input of the {@code decide} update: the commander chooses the recovery, and may correct the
 * classification. One JSON object, e.g. {@code {"procedure":"app-rollback","actor":"ops-lead",
 * "comment":"5xx since the 03:02 deploy"}}.
 *
 * @param procedure {@code app-rollback}, {@code region-failover}, {@code failback}, or {@code none}
 *     to recover by hand (the incident goes on to validation)
 * @param actor the commander; must be one of the profile's approvers
 * @param type a corrected disaster type, or null to keep the assessment's
 * @param severity a corrected severity, or null to keep it
 * @param via where the decision came from (the CLI sends {@code osUser@host})
 */
public record DecideRequest(
    String procedure,
    String actor,
    String comment,
    DisasterType type,
    Severity severity,
    String via) {

  public DecideRequest(String procedure, String actor, String comment) {
    this(procedure, actor, comment, null, null, null);
  }
}
