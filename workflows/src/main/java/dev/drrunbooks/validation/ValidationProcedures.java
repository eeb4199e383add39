package dev.drrunbooks.validation;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class ValidationProcedures {

  public static final Procedure VALIDATION =
      new Procedure(
          "validation",
          ValidationWorkflow.TYPE,
          ValidationRequest.class,
          ValidationWorkflowImpl.class,
          "5.3",
          "Prove a recovery: service health, Gitee and Notion reachable, recent issues current in"
              + " Notion (sync lag = measured RPO).",
          false,
          "workflows/src/main/java/dev/drrunbooks/validation/README.md",
          Procedure.params(
              "trafficSince",
              "Judge served traffic only from this instant (when the recovery's change"
                  + " completed), e.g. 2026-11-21T03:10:00Z."));

  private ValidationProcedures() {}
}
