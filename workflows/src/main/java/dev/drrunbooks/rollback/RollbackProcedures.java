package dev.drrunbooks.rollback;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class RollbackProcedures {

  public static final Procedure APP_ROLLBACK =
      new Procedure(
          "app-rollback",
          AppRollbackWorkflow.TYPE,
          AppRollbackRequest.class,
          AppRollbackWorkflowImpl.class,
          "3.1, 5.2.1",
          "Roll the service back to its last known stable task-definition revision.",
          true,
          "workflows/src/main/java/dev/drrunbooks/rollback/README.md",
          Procedure.params(
              "revision",
                  "Roll back to this revision (40, or family:40) instead of the last known stable"
                      + " one; known-bad, newer or other-family revisions need --force.",
              "desiredCount",
                  "Scale to this many tasks (at most the profile's ecs.maxDesiredCount).",
              "trigger",
                  "Why: manual, health-check-failed, error-rate-spike, performance-degraded"
                      + " (default manual).",
              "strategy",
                  "all-at-once, or gradual: batches of ecs.gradualBatchPercent, each verified"
                      + " (default: the profile's ecs.rollbackStrategy).",
              "force",
                  "Why to deploy a revision the checks refuse; shown at the gate, which then"
                      + " always waits for a person."));

  private RollbackProcedures() {}
}
