package dev.drrunbooks.incident;

import java.time.Instant;
import java.util.List;

/**
 * An incident's disaster type and severity, the recovery proposed for it, and the facts behind
 * them. Made by the runbook from the assessment, or by the commander overriding it.
 *
 * @param by {@code runbook} for the assessment's classification, else who overrode it
 * @param reasons the facts that decided it, one line each
 */
public record Classification(
    DisasterType type,
    Severity severity,
    String proposed,
    List<String> reasons,
    String by,
    Instant at) {

  public Classification {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** E.g. {@code APPLICATION SEV1 -> app-rollback}. */
  public String oneLine() {
    return type + " " + severity + " -> " + proposed;
  }

  public Classification overridden(
      DisasterType newType, Severity newSeverity, String proposal, String who, Instant when) {
    List<String> why = new java.util.ArrayList<>(reasons);
    why.add(
        "overridden by "
            + who
            + ": was "
            + oneLine()
            + ", now "
            + (newType == null ? type : newType)
            + " "
            + (newSeverity == null ? severity : newSeverity));
    return new Classification(
        newType == null ? type : newType,
        newSeverity == null ? severity : newSeverity,
        proposal == null ? proposed : proposal,
        why,
        who,
        when);
  }
}
