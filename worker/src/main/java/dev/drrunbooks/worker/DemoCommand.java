package dev.drrunbooks.worker;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackResult;
import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.starter.ProgressWatcher;
import dev.drrunbooks.starter.RunbookClient;
import dev.drrunbooks.starter.RunbookDefaults;
import dev.drrunbooks.text.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook demo}: the quick start. Breaks the sandbox service with a bad release, runs
 * AppRollback with a named approver, shows the live checklist and the measured recovery time.
 * Everything runs in this process and stops with it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Simulated recovery: a bad release breaks the sandbox service, AppRollback brings it back.")
public class DemoCommand implements Callable<Integer> {

  static final String SERVICE = "sandbox";
  static final String APPROVER = "demo-commander";
  static final String INCIDENT = "DEMO-1";

  @Spec CommandSpec spec;

  @Option(
      names = "--deploy-time",
      defaultValue = "PT5S",
      description = "How long a simulated deployment takes (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration deployTime;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    String queue = RunbookDefaults.TASK_QUEUE + "-demo";
    out.println(
        "dr-runbooks demo: application rollback (plan 3.1 / 5.2.1) against the sandbox service");
    out.println("Starting an embedded Temporal server and the worker...");
    out.flush();
    try (EmbeddedTemporal server =
            EmbeddedTemporal.start(EmbeddedTemporal.freePort(), RunbookDefaults.NAMESPACE, queue);
        var context =
            WorkerContext.start(
                server.address(), RunbookDefaults.NAMESPACE, queue, withDeployTime(deployTime));
        RunbookClient client =
            RunbookClient.connect(server.address(), RunbookDefaults.NAMESPACE, queue)) {

      ServiceProfile profile = context.getBean(ProfileLoader.class).load(SERVICE);
      SandboxWorld sandbox = context.getBean(SandboxWorld.class);
      ServiceRef resource = ServiceRef.primary(profile);
      sandbox.breakWithBadDeployment(resource, profile.ecs().taskFamily());
      out.println();
      out.println(
          "Incident "
              + INCIDENT
              + ": release "
              + profile.ecs().taskFamily()
              + ":"
              + SandboxWorld.BAD_REVISION
              + " went out; health checks fail, 5xx rate is up, the log fills with errors.");
      out.println("Starting AppRollback; " + APPROVER + " will approve the gate when it opens.");
      out.println();
      out.flush();

      String id =
          client.start(
              ProcedureCatalog.APP_ROLLBACK,
              new AppRollbackRequest(
                  SERVICE, null, null, false, INCIDENT, AppRollbackRequest.MANUAL, "demo"),
              resource);
      RunbookProgress last =
          new ProgressWatcher(() -> client.progress(id), out, Duration.ofMillis(500))
              .follow(
                  p -> {
                    if (p.status() == RunStatus.WAITING_FOR_APPROVAL) {
                      ApprovalRecord r =
                          client.approve(
                              id,
                              new ApprovalRequest(
                                  "approve-rollback",
                                  APPROVER,
                                  Decision.APPROVE,
                                  "logs show the bad release; roll back"));
                      out.println(
                          ">> " + r.approver() + " approved gate " + r.gate() + ": " + r.comment());
                      out.println();
                    }
                  });
      if (last.status() != RunStatus.COMPLETED) {
        out.println("The rollback did not complete: " + last.outcome());
        return 1;
      }
      AppRollbackResult result =
          client.workflowClient().newUntypedWorkflowStub(id).getResult(AppRollbackResult.class);
      summary(out, result, started);
      return 0;
    }
  }

  private static Map<String, Object> withDeployTime(Duration deployTime) {
    Map<String, Object> settings = new java.util.HashMap<>(EmbeddedTemporal.WORKER_SETTINGS);
    settings.put("runbook.sandbox.deploy-time", deployTime.toString());
    return settings;
  }

  private static void summary(PrintWriter out, AppRollbackResult r, long startedNanos) {
    out.println("================ Summary ================");
    out.println(
        "Outcome:        "
            + r.outcome()
            + " ("
            + r.service()
            + ": :"
            + r.fromRevision()
            + " -> :"
            + r.toRevision()
            + ")");
    out.println("Health:         " + r.health());
    for (StepView s : r.steps()) {
      String took =
          s.startedAt() != null && s.endedAt() != null
              ? Durations.format(Duration.between(s.startedAt(), s.endedAt()).toSeconds())
              : "-";
      out.printf("  %s %-52s %6s%n", s.status().mark(), s.title(), took);
    }
    for (ApprovalRecord a : r.approvals()) {
      out.println(
          "Approval:       "
              + a.gate()
              + " "
              + a.decision()
              + " by "
              + a.approver()
              + " at "
              + a.at()
              + (a.comment() == null ? "" : " (\"" + a.comment() + "\")"));
    }
    out.println(
        "Recovery time:  "
            + Durations.format(r.recoverySeconds())
            + " against an RTO of "
            + r.rtoMinutes()
            + " min: "
            + (r.withinRto() ? "within RTO" : "RTO MISSED"));
    out.println(
        "Demo wall time: "
            + Durations.format(Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds()));
    out.flush();
  }
}
