package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class IncidentProcedures {

  public static final Procedure INCIDENT_RESPONSE =
      new Procedure(
          "incident-response",
          Procedure.INCIDENT_TYPE,
          IncidentRequest.class,
          IncidentResponseWorkflowImpl.class,
          "3, 5.1, 9.2",
          "One incident per service: assess, classify, notify, decide the recovery, run it,"
              + " validate, report RTO and RPO.",
          false,
          "workflows/src/main/java/dev/drrunbooks/incident/README.md",
          Procedure.params(
              "reason",
              "What is wrong, in one line; shown first in every message.",
              "procedure",
              "Propose this recovery instead of the assessment's (app-rollback,"
                  + " data-restore, region-failover, failback, none); a person still decides."));

  private IncidentProcedures() {}
}
