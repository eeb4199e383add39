package dev.drrunbooks.runbook;

import java.time.Duration;
import java.util.List;

/**
 * Renders a {@link RunbookProgress} as the Markdown checklist that the Temporal UI shows as the
 * run's current details, and that {@code runbook status} and {@code runbook watch} print.
 */
public final class ProgressMarkdown {

  public static String render(RunbookProgress p) {
    StringBuilder out = new StringBuilder();
    out.append("**")
        .append(p.procedure())
        .append("** · ")
        .append(p.service() == null ? "?" : p.service());
    if (p.incidentId() != null) {
      out.append(" · incident ").append(p.incidentId());
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
      out.append("Requested by ").append(p.requestedBy());
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
    work.forEach(s -> line(out, s));
    if (!cleanups.isEmpty()) {
      out.append("\nCleanup (runs only if the run fails or is canceled):\n");
      cleanups.forEach(s -> line(out, s));
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
            .append(" retry|skip|abort --step ")
            .append(waiting.id())
            .append(" --as <name>`\n");
      }
    }
    if (!p.plannedActions().isEmpty()) {
      out.append("\nDry run, would have:\n");
      p.plannedActions().forEach(a -> out.append("- ").append(a).append('\n'));
    }
    if (p.outcome() != null) {
      out.append("\nOutcome: ").append(p.outcome()).append('\n');
    }
    return out.toString();
  }

  private static void line(StringBuilder out, StepView s) {
    out.append("- ").append(s.status().mark()).append(' ').append(s.title());
    if (s.startedAt() != null && s.endedAt() != null) {
      long secs = Duration.between(s.startedAt(), s.endedAt()).toSeconds();
      out.append(" (").append(Durations.format(secs)).append(')');
    }
    if (s.attempts() > 1) {
      out.append(" [attempt ").append(s.attempts()).append(']');
    }
    if (s.detail() != null && !s.detail().isBlank()) {
      out.append(" — ").append(s.detail());
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
            .append(a.reason())
            .append('\n');
      }
    }
  }

  private ProgressMarkdown() {}
}
