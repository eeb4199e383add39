package dev.drrunbooks.incident;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.StepKind;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.runbook.TimelineEvent;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.Check;
import dev.drrunbooks.validation.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Improvement items for the report (task list 6: suggestions from the incident's summary): first
 * what people noted as improvements, then what the run itself shows: objectives missed, the slowest
 * steps, long waits for people, channels that did not deliver, sources that did not answer.
 */
final class Improvements {

  /** A wait for a person longer than this is worth a look. */
  static final Duration LONG_WAIT = Duration.ofMinutes(5);

  private Improvements() {}

  static List<String> suggest(
      List<IncidentNote> notes,
      Long rtoSeconds,
      Long rpoSeconds,
      ServiceProfile profile,
      ValidationReport validation,
      List<RecoveryRun> recoveries,
      List<StepView> steps,
      List<TimelineEvent> timeline,
      Trigger trigger,
      List<Check> findings) {
    List<String> items = new ArrayList<>();
    for (IncidentNote n : notes) {
      if (n.kind() == NoteRequest.Kind.IMPROVEMENT) {
        items.add(n.text() + " (" + n.author() + ")");
      }
    }
    if (profile == null) {
      return items;
    }
    long rto = profile.objectives().rtoMinutes() * 60L;
    if (rtoSeconds != null && rtoSeconds > rto) {
      items.add(
          "Recovery took "
              + Durations.format(rtoSeconds)
              + ", beyond the RTO of "
              + profile.objectives().rtoMinutes()
              + " min. Slowest steps: "
              + slowest(steps));
    } else if (rtoSeconds == null && validation != null && !validation.passed()) {
      items.add("The service did not validate: " + validation.oneLine());
    }
    if (rpoSeconds != null && rpoSeconds > profile.objectives().rpoMinutes() * 60L) {
      items.add(
          "Data loss of "
              + Durations.format(rpoSeconds)
              + " is beyond the RPO of "
              + profile.objectives().rpoMinutes()
              + " min: check the sync's catch-up and the backup frequency.");
    }
    for (StepView s : steps) {
      if (s.kind() == StepKind.GATE && s.startedAt() != null && s.endedAt() != null) {
        Duration waited = Duration.between(s.startedAt(), s.endedAt());
        if (waited.compareTo(LONG_WAIT) > 0) {
          items.add(
              "The decision at "
                  + s.id()
                  + " took "
                  + Durations.format(waited.toSeconds())
                  + (trigger != null && trigger.fromAlert()
                      ? "; if this alert ("
                          + trigger.name()
                          + ") always means this recovery, an"
                          + " incident.autoStart rule would save that time."
                      : "."));
        }
      }
    }
    for (RecoveryRun r : recoveries) {
      if (!RecoveryRun.COMPLETED.equals(r.status())) {
        items.add(r.procedure() + " " + r.status().toLowerCase() + ": " + r.outcome());
      }
    }
    long undelivered =
        timeline.stream().filter(e -> e.type() == TimelineEvent.Type.NOTIFICATION_FAILED).count();
    if (undelivered > 0) {
      items.add(undelivered + " notifications were not delivered: check the channels' settings.");
    }
    for (Check f : findings) {
      if (f.verdict() == Check.Verdict.FAIL && f.summary().startsWith("did not answer")) {
        items.add(
            f.name()
                + " "
                + f.summary()
                + " during the assessment: if that is not the outage itself, look at the"
                + " worker's access to it.");
      }
    }
    return items;
  }

  private static String slowest(List<StepView> steps) {
    return String.join(
        ", ",
        steps.stream()
            .filter(s -> s.startedAt() != null && s.endedAt() != null)
            .sorted(
                Comparator.comparing((StepView s) -> Duration.between(s.startedAt(), s.endedAt()))
                    .reversed())
            .limit(3)
            .map(
                s ->
                    s.id()
                        + " "
                        + Durations.format(
                            Duration.between(s.startedAt(), s.endedAt()).toSeconds()))
            .toList());
  }
}
