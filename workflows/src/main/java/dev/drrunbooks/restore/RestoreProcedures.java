package dev.drrunbooks.restore;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class RestoreProcedures {

  public static final Procedure DATA_RESTORE =
      new Procedure(
          "data-restore",
          DataRestoreWorkflow.TYPE,
          DataRestoreRequest.class,
          DataRestoreWorkflowImpl.class,
          "3.2, 4.2, 5.2.2",
          "Check the database connection and credentials, restore config and env files from the"
              + " newest verified backup, the database (point in time) only if lost; redeploy.",
          true,
          "workflows/src/main/java/dev/drrunbooks/restore/README.md",
          Procedure.params(
              "reason", "What is wrong, in one line; shown first in the gate's question.",
              "setId",
                  "Restore this backup set (e.g. 20261121T031500Z) instead of the newest that"
                      + " verifies.",
              "restoreTime",
                  "Restore the database to this instant (e.g. 2026-11-21T03:10:00Z) instead of"
                      + " the latest restorable time."));

  private RestoreProcedures() {}
}
