package dev.drrunbooks.drill;

import dev.drrunbooks.text.Durations;
import dev.drrunbooks.text.Untrusted;

/** A drill report as Markdown: what {@code runbook drill} prints and the stored {@code .md}. */
public final class DrillReportMarkdown {

  private DrillReportMarkdown() {}

  public static String render(DrillReport r) {
    StringBuilder out = new StringBuilder();
    out.append("# Drill ").append(r.scenario()).append(" on ").append(md(r.service()));
    out.append(" (").append(r.mode()).append(")\n\n");
    out.append("**").append(r.passed() ? "PASS" : "FAIL").append("** · ").append(md(r.oneLine()));
    out.append("\n\n");
    out.append("- Drill: ").append(code(r.drillId())).append("\n");
    out.append("- Participants: ").append(md(String.join(", ", r.participants()))).append('\n');
    out.append("- From ").append(r.startedAt()).append(" to ").append(r.endedAt()).append('\n');
    out.append("- Incident: ")
        .append(md(r.incidentId()))
        .append(" ")
        .append(code(r.incidentWorkflowId()))
        .append(" ")
        .append(r.incidentStatus())
        .append('\n');
    out.append("- Expected ")
        .append(r.expected())
        .append(", classified ")
        .append(r.classified())
        .append("; recovery: ")
        .append(md(r.recovery()))
        .append('\n');
    out.append("- Target after cleanup: ").append(md(r.restored())).append("\n\n");
    out.append("## Criteria\n\n| criterion | target | measured | met |\n|---|---|---|---|\n");
    for (Criterion c : r.criteria()) {
      out.append("| ")
          .append(c.name())
          .append(" | ")
          .append(c.target())
          .append(" | ")
          .append(md(c.measured()))
          .append(" | ")
          .append(c.met() ? "yes" : "**no**")
          .append(" |\n");
    }
    out.append("\n## Time per step of the incident\n\n| step | took |\n|---|---|\n");
    r.stepSeconds()
        .forEach(
            (step, s) ->
                out.append("| ")
                    .append(step)
                    .append(r.waitSeconds().containsKey(step) ? " (a person)" : "")
                    .append(" | ")
                    .append(Durations.format(s))
                    .append(" |\n"));
    out.append("\n## Improvements\n\n");
    if (r.improvements().isEmpty()) {
      out.append("- none suggested\n");
    }
    r.improvements().forEach(i -> out.append("- ").append(md(i)).append('\n'));
    if (!r.stored().isEmpty()) {
      out.append("\nStored at: ").append(md(String.join(", ", r.stored()))).append('\n');
    }
    return out.toString();
  }

  private static String md(String text) {
    return Untrusted.markdown(text);
  }

  private static String code(String id) {
    return "`" + Untrusted.line(id).replace('`', '\'') + "`";
  }
}
