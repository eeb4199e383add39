package dev.drrunbooks.starter;

import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.drill.DrillReportMarkdown;
import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook drill SCENARIO}: run one drill now, follow it, print its report. */
@Command(
    name = "drill",
    description =
        "Run a DR drill now on the sandbox (app-failure, db-connection-loss, network-outage):"
            + " inject the fault, run the initial response, restore, and print the report."
            + " Exit 0 when every criterion is met.",
    mixinStandardHelpOptions = true)
public class DrillCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(
      paramLabel = "SCENARIO",
      description = "app-failure, db-connection-loss, network-outage")
  String scenario;

  @Option(
      names = "--service",
      defaultValue = "sandbox",
      description = "Target profile (default ${DEFAULT-VALUE}).")
  String service;

  @Option(names = "--mode", defaultValue = "simulation", description = "simulation (default).")
  String mode;

  @Option(
      names = "--participant",
      defaultValue = "demo-commander",
      description = "Approver who decides and approves (repeatable; default ${DEFAULT-VALUE}).")
  List<String> participants;

  @Option(names = "--as", description = "Who runs the drill (default: $USER).")
  String requestedBy = RunbookDefaults.env("USER", "cli");

  @Override
  public Integer call() {
    DrillRequest request =
        new DrillRequest(service, scenario, mode, participants, requestedBy, null, false);
    RunbookClient.requireValid(request);
    ServiceResolver resolver = RunIds.services();
    if (resolver == null) {
      throw new CliException(ExitCode.BAD_INPUT, "no profiles to resolve " + service);
    }
    try (RunbookClient client = connection.connect()) {
      String id = client.start(ProcedureCatalog.DRILL, request, resolver.resolve(service));
      var out = spec.commandLine().getOut();
      out.println(
          "Drill " + id + " started; following it (the incident and its recovery under it)");
      out.flush();
      new ProgressWatcher(
              () -> client.progressIfAnswered(id),
              out,
              Duration.ofSeconds(2),
              client::activeChildren)
          .follow(p -> {});
      DrillReport report = client.drillReport(id);
      out.println();
      out.println(DrillReportMarkdown.render(report));
      return report.passed() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
  }
}
