package dev.drrunbooks.runbook;

import dev.drrunbooks.text.Durations;
import dev.drrunbooks.text.Untrusted;
import java.time.Duration;
import java.util.List;

/**
 * Renders a {@link RunbookProgress} as the checklist: Markdown for the Temporal UI, where it is the
 * run's current details; plain text, coloured on a terminal, for {@code runbook status} and {@code
 * runbook watch}. The hints under it are the exact {@code ./runbook} commands to type, offering
 * only what the step allows.
 */
public final class ProgressMarkdown {

  /** How the checklist is written. */
  public enum Style {
    /** For the Temporal UI: bold and code spans. */
    MARKDOWN,
    /** For a file or a pipe: no markup at all. */
    PLAIN,
    /** For a terminal: no markup, status marks in colour. */
    COLOR
  }

  public static String render(RunbookProgress p) {
    return render(p, Style.MARKDOWN);
  }

  public static String render(RunbookProgress p, Style style) {
    String text = renderMarkdown(p, style);
    return style == Style.MARKDOWN ? text : text.replace("**", "").replace("`", "");
  }

  private static String renderMarkdown(RunbookProgress p, Style style) {
    StringBuilder out = new StringBuilder();
    out.append("**")
        .append(p.procedure())
        .append("** · ")
        .append(p.service() == null ? "?" : safe(p.service(), style));
    if (p.incidentId() != null) {
      out.append(" · incident ").append(safe(p.incidentId(), style));
    }
    if (p.dryRun()) {
      out.append(" · DRY RUN");
    }
    out.append(" · ").append(p.status());
    out.append(" · ").append(Durations.format(p.elapsedSeconds()));
    if (p.rtoMinutes() > 0) {
      out.append(" of RTO ")
          .append(p.rtoMinutes())
          .append("m (")
          .append(p.rtoPercentUsed())
          .append(" %)");
    }
    out.append('\n');
    if (p.requestedBy() != null) {
      out.append("Requested by ").append(safe(p.requestedBy(), style));
      if (p.clockStartedAt() != null
          && p.startedAt() != null
          && p.clockStartedAt().isBefore(p.startedAt())) {
        out.append(" · RTO clock from detection at ").append(p.clockStartedAt());
      }
      out.append('\n');
    }
    out.append('\n');
    List<StepView> work = p.steps().stream().filter(s -> s.kind() != StepKind.CLEANUP).toList();
    List<StepView> cleanups = p.steps().stream().filter(s -> s.kind() == StepKind.CLEANUP).toList();
    work.forEach(s -> line(out, s, style));
    if (!cleanups.isEmpty()) {
      out.append("\nCleanup (runs only if the run fails or is canceled):\n");
      cleanups.forEach(s -> line(out, s, style));
    }
    for (StepView waiting : p.waitingSteps()) {
      if (waiting.status() == StepStatus.WAITING_FOR_APPROVAL) {
        out.append("\n**Waiting for approval** of gate `")
            .append(waiting.id())
            .append("`: `./runbook approve ")
            .append(p.workflowId())
            .append(" --gate ")
            .append(waiting.id())
            .append(" --as <name>` (add `--reject` to refuse)\n");
      } else {
        out.append("\n**Step `")
            .append(waiting.id())
            .append("` failed** and waits: `./runbook step ")
            .append(p.workflowId())
            .append(waiting.skippable() ? " retry|skip|abort" : " retry|abort")
            .append(" --step ")
            .append(waiting.id())
            .append(" --as <name> --comment <why>`")
            .append(waiting.skippable() ? "" : " (this step cannot be skipped)")
            .append('\n');
      }
    }
    if (!p.plannedActions().isEmpty()) {
      out.append("\nDry run, would have:\n");
      p.plannedActions().forEach(a -> out.append("- ").append(safe(a, style)).append('\n'));
    }
    if (p.outcome() != null) {
      out.append("\nOutcome: ").append(safe(p.outcome(), style)).append('\n');
    }
    return out.toString();
  }

  private static void line(StringBuilder out, StepView s, Style style) {
    out.append("- ").append(colour(s.status(), style)).append(' ').append(safe(s.title(), style));
    if (s.startedAt() != null && s.endedAt() != null) {
      long secs = Duration.between(s.startedAt(), s.endedAt()).toSeconds();
      out.append(" (").append(Durations.format(secs)).append(')');
    }
    if (s.attempts() > 1) {
      out.append(" [attempt ").append(s.attempts()).append(']');
    }
    if (s.detail() != null && !s.detail().isBlank()) {
      out.append(" — ").append(safe(s.detail(), style));
    }
    if (s.childWorkflowId() != null) {
      out.append(" (child `").append(s.childWorkflowId()).append("`)");
    }
    out.append('\n');
    if (!s.failures().isEmpty() && s.status() != StepStatus.FAILED) {
      for (StepView.Attempt a : s.failures()) {
        out.append("    - attempt ")
            .append(a.attempt())
            .append(" failed: ")
            .append(safe(a.reason(), style))
            .append('\n');
      }
    }
  }

  /**
   * A piece of the checklist that may hold outside text (a detail quoting an alert, a comment, a
   * reason): escaped as Markdown for the Temporal UI, as one safe line for a terminal or a file.
   */
  private static String safe(String text, Style style) {
    return style == Style.MARKDOWN ? Untrusted.markdown(text) : Untrusted.line(text);
  }

  /** The status mark, in colour on a terminal: green done, red failed, yellow waiting. */
  private static String colour(StepStatus status, Style style) {
    if (style != Style.COLOR) {
      return status.mark();
    }
    String code =
        switch (status) {
          case DONE -> "32";
          case FAILED -> "31";
          case WAITING_FOR_APPROVAL, RUNNING -> "33";
          case CANCELED -> "35";
          default -> "2";
        };
    return "\u001b[" + code + "m" + status.mark() + "\u001b[0m";
  }

  private ProgressMarkdown() {}
}
