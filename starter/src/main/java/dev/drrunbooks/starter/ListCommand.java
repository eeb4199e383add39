package dev.drrunbooks.starter;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook list [--service S] [--status open|closed]}: the runbooks' runs, newest first. A
 * service's runs share its id (one recovery at a time); each keeps its run id, which {@code runbook
 * status ID --run RUNID} shows.
 */
@Command(
    name = "list",
    description = "List runs, newest first (a past run: 'runbook status ID --run RUNID').",
    mixinStandardHelpOptions = true)
public class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--service", description = "Only this service profile's runs.")
  String service;

  @Option(names = "--status", description = "open or closed (default: both).")
  String status;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most this many runs (1 to 1000, default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Boolean open =
        status == null
            ? null
            : switch (status) {
              case "open" -> true;
              case "closed" -> false;
              default ->
                  throw new CliException(
                      ExitCode.BAD_INPUT, "--status must be open or closed (was '" + status + "')");
            };
    if (limit < 1 || limit > 1000) {
      throw new CliException(
          ExitCode.BAD_INPUT, "--limit must be from 1 to 1000 (was " + limit + ")");
    }
    if (service != null
        && !dev.drrunbooks.runbook.RunbookRequest.SERVICE.matcher(service).matches()) {
      throw new CliException(ExitCode.BAD_INPUT, "--service must be a profile name");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (RunbookClient client = connection.connect()) {
      List<RunSummary> runs = client.list(service, open, limit);
      if (runs.isEmpty()) {
        out.println("No runs" + (service == null ? "" : " of " + service) + ".");
        return ExitCode.OK;
      }
      List<String[]> rows = new java.util.ArrayList<>();
      rows.add(new String[] {"STARTED", "STATUS", "SERVICE", "TYPE", "ID --run RUNID"});
      for (RunSummary r : runs) {
        rows.add(
            new String[] {
              r.started() == null
                  ? "?"
                  : r.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
              r.status(),
              r.service() == null ? "?" : r.service(),
              r.type(),
              r.workflowId() + " --run " + r.runId()
            });
      }
      // Each column as wide as its widest cell: service names and types vary in length.
      int[] width = new int[4];
      for (String[] row : rows) {
        for (int c = 0; c < width.length; c++) {
          width[c] = Math.max(width[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
          line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
        }
        out.println(line.append(row[4]));
      }
      return ExitCode.OK;
    }
  }
}
