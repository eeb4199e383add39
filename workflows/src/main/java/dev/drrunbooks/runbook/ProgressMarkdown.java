package dev.drrunbooks.runbook;

import java.time.Duration;

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
    out.append("\n\n");
    for (StepView s : p.steps()) {
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
      out.append('\n');
    }
    StepView waiting = p.waitingStep();
    if (waiting != null && waiting.status() == StepStatus.WAITING_FOR_APPROVAL) {
      out.append("\n**Waiting for approval** of gate `")
          .append(waiting.id())
          .append("`: send update `approve` with {\"gate\":\"")
          .append(waiting.id())
          .append("\",\"approver\":\"<you>\",\"decision\":\"APPROVE\"}\n");
    } else if (waiting != null) {
      out.append("\n**Step `")
          .append(waiting.id())
          .append("` failed**: send update `resolveStep` with {\"step\":\"")
          .append(waiting.id())
          .append("\",\"action\":\"RETRY|SKIP|ABORT\",\"actor\":\"<you>\"}\n");
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

  private ProgressMarkdown() {}
}
