package dev.drrunbooks.starter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentReportMarkdown;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook report ID [--format md|json]}: an incident's report; the final one once it has
 * closed, else the draft as it stands.
 */
@Command(
    name = "report",
    description =
        "Print an incident's report: measured RTO and RPO, assessment, decisions, approvals,"
            + " timeline, notes (a draft while it is open).",
    mixinStandardHelpOptions = true)
public class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.INCIDENT_HELP)
  String id;

  @Option(names = "--format", defaultValue = "md", description = "md (Markdown, default) or json.")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!"md".equals(format) && !"json".equals(format)) {
      throw new CliException(
          ExitCode.BAD_INPUT, "--format must be md or json (was " + format + ")");
    }
    String run = RunIds.incidentOf(id);
    try (RunbookClient client = connection.connect()) {
      IncidentReport report = client.incidentReport(run);
      String text =
          "json".equals(format)
              ? new ObjectMapper()
                  .registerModule(new JavaTimeModule())
                  .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(report)
              : IncidentReportMarkdown.render(report);
      spec.commandLine().getOut().println(text);
      return ExitCode.OK;
    }
  }
}
