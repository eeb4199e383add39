package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.TimelineEvent;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.text.Untrusted;
import dev.drrunbooks.validation.Check;
import java.util.Map;

/**
 * An incident report as Markdown: what the stored {@code .md} holds and {@code runbook report}
 * prints. Plain Markdown (headings, lists, tables), readable as text too.
 */
public final class IncidentReportMarkdown {

  private IncidentReportMarkdown() {}

  public static String render(IncidentReport r) {
    StringBuilder out = new StringBuilder();
    title(out, r);
    objectives(out, r);
    incident(out, r);
    assessment(out, r);
    decisions(out, r);
    approvals(out, r);
    validation(out, r);
    causes(out, r);
    improvements(out, r);
    contacts(out, r);
    timeline(out, r);
    return out.toString();
  }

  private static void title(StringBuilder out, IncidentReport r) {
    out.append("# Incident ")
        .append(md(r.incidentId()))
        .append(": ")
        .append(md(r.service()))
        .append(r.dryRun() ? " (dry run)" : "")
        .append("\n\n");
    out.append("**").append(r.status()).append("** · ").append(md(r.oneLine())).append("\n\n");
  }

  private static void objectives(StringBuilder out, IncidentReport r) {
    out.append("## Objectives\n\n");
    out.append("| | Measured | Objective | Met |\n|---|---|---|---|\n");
    out.append("| RTO (detection to validation passed) | ")
        .append(r.rtoSeconds() == null ? "not recovered" : Durations.format(r.rtoSeconds()))
        .append(" | ")
        .append(r.rtoMinutes())
        .append(" min | ")
        .append(r.rtoSeconds() == null ? "no" : r.withinRto() ? "yes" : "no")
        .append(" |\n");
    out.append("| RPO (sync lag when validated) | ")
        .append(r.rpoSeconds() == null ? "not measured" : Durations.format(r.rpoSeconds()))
        .append(" | ")
        .append(r.rpoMinutes())
        .append(" min | ")
        .append(r.rpoSeconds() == null ? "unknown" : r.withinRpo() ? "yes" : "no")
        .append(" |\n\n");
  }

  private static void incident(StringBuilder out, IncidentReport r) {
    out.append("## Incident\n\n");
    line(out, "Workflow", code(r.workflowId()));
    line(out, "Resource", md(r.resource()));
    line(out, "Opened by", r.trigger() == null ? null : md(r.trigger().oneLine()));
    line(out, "Reason", md(r.reason()));
    if (r.trigger() != null && !r.trigger().labels().isEmpty()) {
      line(out, "Alert labels", labels(r.trigger().labels()));
    }
    line(out, "Detected", String.valueOf(r.detectedAt()));
    line(out, "Opened", String.valueOf(r.openedAt()));
    line(out, "Recovered", r.recoveredAt() == null ? "not recovered" : r.recoveredAt().toString());
    line(out, "Closed", r.closedAt() == null ? "open" : r.closedAt().toString());
    for (JoinedReport j : r.joined()) {
      line(out, "Joined", md(j.oneLine()));
    }
    out.append('\n');
  }

  private static void assessment(StringBuilder out, IncidentReport r) {
    out.append("## Assessment\n\n");
    checks(out, r.assessment());
    if (r.classification() != null) {
      Classification c = r.classification();
      out.append("\n**Classification:** ")
          .append(c.type())
          .append(", ")
          .append(c.severity())
          .append(", proposed ")
          .append(c.proposed())
          .append(" (by ")
          .append(md(c.by()))
          .append(")\n\n");
      for (String why : c.reasons()) {
        out.append("- ").append(md(why)).append('\n');
      }
    }
    out.append('\n');
  }

  private static void decisions(StringBuilder out, IncidentReport r) {
    out.append("## Decisions and recoveries\n\n");
    for (IncidentDecision d : r.decisions()) {
      bullet(
          out,
          d.at() + " round " + d.round() + ": **" + d.procedure() + "** by " + md(d.actor()),
          d.via() == null ? "" : " (" + md(d.via()) + ")",
          d.comment() == null ? "" : ": " + md(d.comment()));
    }
    for (RecoveryRun run : r.recoveries()) {
      bullet(
          out,
          run.procedure()
              + " "
              + code(run.workflowId())
              + " "
              + run.status()
              + ": "
              + md(run.outcome()));
    }
    if (r.decisions().isEmpty() && r.recoveries().isEmpty()) {
      out.append("- none yet\n");
    }
    out.append('\n');
  }

  private static void approvals(StringBuilder out, IncidentReport r) {
    out.append("## Approvals\n\n");
    if (r.approvals().isEmpty()) {
      out.append("- none\n");
    }
    for (ApprovalRecord a : r.approvals()) {
      bullet(
          out,
          a.at() + " " + md(a.gate()) + ": " + a.decision() + " by " + md(a.approver()),
          a.comment() == null ? "" : ": " + md(a.comment()));
    }
    out.append('\n');
  }

  private static void validation(StringBuilder out, IncidentReport r) {
    out.append("## Validation\n\n");
    out.append(r.validation() == null ? "not run" : md(r.validation())).append("\n\n");
    checks(out, r.validationChecks());
    out.append('\n');
  }

  private static void causes(StringBuilder out, IncidentReport r) {
    out.append("## Cause analysis\n\n");
    boolean causes = false;
    for (IncidentNote n : r.notes()) {
      if (n.kind() == NoteRequest.Kind.CAUSE) {
        out.append("- ").append(md(n.text())).append(" (").append(md(n.author())).append(")\n");
        causes = true;
      }
    }
    if (!causes) {
      out.append(
          "- no cause recorded yet: ./runbook note "
              + md(r.workflowId())
              + " \"...\" --cause --as <name>\n");
    }
    out.append('\n');
  }

  private static void improvements(StringBuilder out, IncidentReport r) {
    out.append("## Improvements\n\n");
    if (r.improvements().isEmpty()) {
      out.append("- none suggested\n");
    }
    for (String item : r.improvements()) {
      out.append("- ").append(md(item)).append('\n');
    }
    out.append('\n');
  }

  private static void contacts(StringBuilder out, IncidentReport r) {
    out.append("## Contacts\n\n");
    if (r.contacts().isEmpty()) {
      out.append("- none in the profile (`contacts`)\n");
    }
    for (var contact : r.contacts()) {
      out.append("- ").append(md(contact.line())).append('\n');
    }
    out.append('\n');
  }

  private static void timeline(StringBuilder out, IncidentReport r) {
    out.append("## Timeline\n\n");
    out.append("| Time | Who | What | Step | Detail |\n|---|---|---|---|---|\n");
    for (TimelineEvent e : r.timeline()) {
      if (e.type() == TimelineEvent.Type.STEP_ADDED
          || e.type() == TimelineEvent.Type.CLEANUP_REGISTERED) {
        continue;
      }
      out.append("| ")
          .append(e.at())
          .append(" | ")
          .append(cell(e.actor()))
          .append(" | ")
          .append(e.type().name().toLowerCase().replace('_', ' '))
          .append(" | ")
          .append(cell(e.step()))
          .append(" | ")
          .append(cell(e.detail()))
          .append(" |\n");
    }
    if (!r.stored().isEmpty()) {
      out.append("\nStored at: ").append(md(String.join(", ", r.stored()))).append('\n');
    }
  }

  private static void bullet(StringBuilder out, String... parts) {
    out.append("- ").append(String.join("", parts)).append('\n');
  }

  private static void checks(StringBuilder out, java.util.List<Check> checks) {
    for (Check c : checks) {
      bullet(out, "**" + md(c.name()) + "** " + c.verdict() + ": " + md(c.summary()));
    }
  }

  private static void line(StringBuilder out, String label, String value) {
    if (value != null) {
      out.append("- ").append(label).append(": ").append(value).append('\n');
    }
  }

  private static String labels(Map<String, String> labels) {
    return String.join(
        ", ",
        new java.util.TreeMap<>(labels)
            .entrySet().stream().map(e -> md(e.getKey()) + "=" + md(e.getValue())).toList());
  }

  /** A table cell: outside text, escaped ({@code |} among the rest), empty when absent. */
  private static String cell(String text) {
    return text == null ? "" : md(text);
  }

  /** Outside text on a line of the report: no control character, no markup of its own. */
  static String md(String text) {
    return Untrusted.markdown(text);
  }

  /** An id in a code span: one safe line, with no backtick to end the span early. */
  static String code(String id) {
    return "`" + Untrusted.line(id).replace('`', '\'') + "`";
  }
}
