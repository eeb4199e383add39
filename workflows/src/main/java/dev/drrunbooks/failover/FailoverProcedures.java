package dev.drrunbooks.failover;

import dev.drrunbooks.runbook.Procedure;

/** The procedures this package implements, as the catalog lists them. */
public final class FailoverProcedures {

  public static final Procedure REGION_FAILOVER =
      new Procedure(
          "region-failover",
          RegionFailoverWorkflow.TYPE,
          RegionFailoverRequest.class,
          RegionFailoverWorkflowImpl.class,
          "3.3, 5.2.3",
          "Start the service in the standby region, switch DNS to it, verify; undone if it fails.",
          true,
          "workflows/src/main/java/dev/drrunbooks/failover/README.md",
          Procedure.params(
              "reason",
              "Why the region is being left; shown first in the gate's question.",
              "dataBroughtHome",
              "Failback only; ignored here."));

  public static final Procedure FAILBACK =
      new Procedure(
          "failback",
          FailbackWorkflow.TYPE,
          RegionFailoverRequest.class,
          FailbackWorkflowImpl.class,
          "3.3, 5.2.3",
          "Return the public name to the healthy primary region, then idle the standby.",
          true,
          "workflows/src/main/java/dev/drrunbooks/failover/README.md",
          Procedure.params(
              "reason",
              "Why now; shown first in the gate's question.",
              "dataBroughtHome",
              "You confirm that what was written in the standby region during the failover is in"
                  + " the primary's database again. After a failover that promoted the replica,"
                  + " failback refuses without it and says how to bring the data home."));

  private FailoverProcedures() {}
}
