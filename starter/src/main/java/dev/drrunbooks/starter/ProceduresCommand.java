package dev.drrunbooks.starter;

import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.runbook.Procedure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook procedures}: the catalog, as the Markdown table the README carries. */
@Command(
    name = "procedures",
    description = "List the recovery procedures (the README's table comes from here).",
    mixinStandardHelpOptions = true)
public class ProceduresCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(table());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /** One row per procedure of the catalog. */
  public static String table() {
    StringBuilder out =
        new StringBuilder(
            "| `runbook start` | workflow type | plan | holds the service | what it does | README |\n"
                + "|---|---|---|---|---|---|\n");
    for (Procedure p : ProcedureCatalog.ALL) {
      out.append("| `")
          .append(p.name())
          .append("` | `")
          .append(p.workflowType())
          .append("` | ")
          .append(p.planSections())
          .append(" | ")
          .append(
              p.exclusive()
                  ? "yes (not in a dry run)"
                  : dev.drrunbooks.runbook.Procedure.INCIDENT_TYPE.equals(p.workflowType())
                      ? "one open incident per service; its recovery holds it"
                      : "no")
          .append(" | ")
          .append(p.summary())
          .append(" | [README](")
          .append(p.readme())
          .append(") |\n");
    }
    return out.toString();
  }
}
