package dev.drrunbooks.drill;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class DrillProcedures {

  public static final Procedure DRILL =
      new Procedure(
          "drill",
          DrillWorkflow.TYPE,
          DrillRequest.class,
          DrillWorkflowImpl.class,
          "6",
          "A DR drill on the sandbox: inject a scenario's fault, run the initial response, restore,"
              + " report RTO and RPO against the objectives.",
          false,
          "workflows/src/main/java/dev/drrunbooks/drill/README.md",
          Procedure.params(
              "scenario", "app-failure, db-connection-loss or network-outage.",
              "mode", "simulation (the sandbox; the only mode available).",
              "participants", "Approvers who decide and approve, e.g. demo-commander."));

  private DrillProcedures() {}
}
