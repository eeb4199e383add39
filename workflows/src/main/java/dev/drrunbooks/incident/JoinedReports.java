package dev.drrunbooks.incident;

import dev.drrunbooks.runbook.Runbook;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports that joined an open incident. A repeat of an alert already on it (same fingerprint)
 * is refused by the {@code join} update's validator, so it never reaches the history; past {@link
 * #JOINED_LINES} alerts, each further one is counted on one line per alert name, so a storm of
 * distinct alerts cannot grow the timeline and the report without bound.
 */
final class JoinedReports {

  static final int JOINED_LINES = 20;

  private final Runbook runbook;
  private final List<JoinedReport> joined = new ArrayList<>();

  /** Per alert name past the lines kept: its line's position and how many joined. */
  private final Map<String, int[]> beyond = new HashMap<>();

  /** Alerts already on this incident, by the source's fingerprint: a repeat is not news. */
  private final Set<String> fingerprints = new HashSet<>();

  JoinedReports(Runbook runbook, String openerFingerprint) {
    this.runbook = runbook;
    if (openerFingerprint != null) {
      fingerprints.add(openerFingerprint);
    }
  }

  /** Refuses an alert already on the incident, before anything is recorded. */
  void refuseRepeat(IncidentRequest request, String incidentId) {
    String fingerprint = request.triggerOrManual().fingerprint();
    if (fingerprint != null && fingerprints.contains(fingerprint)) {
      throw ApplicationFailure.newNonRetryableFailure(
          IncidentResponseWorkflow.DUPLICATE_REPORT
              + ": alert "
              + fingerprint
              + " is already on incident "
              + incidentId
              + ": a repeat, nothing recorded",
          IncidentResponseWorkflow.DUPLICATE_REPORT);
    }
  }

  /** A report that joined: a line of its own, counted past the lines kept, or a stop. */
  void take(IncidentRequest request, String actor) {
    Trigger t = request.triggerOrManual();
    if (t.resolvedAlert()) {
      runbook.note(actor, "stopped firing: " + t.oneLine());
      return;
    }
    if (t.fingerprint() != null && !fingerprints.add(t.fingerprint())) {
      return; // the same alert again (a storm, a re-notification): already on the timeline
    }
    if (joined.size() >= JOINED_LINES + beyond.size() || beyond.containsKey(t.name())) {
      count(t, actor);
      return;
    }
    joined.add(new JoinedReport(t, actor, request.reason(), now()));
    runbook.note(
        actor,
        "joined: " + t.oneLine() + (request.reason() == null ? "" : ": " + request.reason()));
  }

  /** One more alert past the lines the report keeps: counted on its name's one line. */
  private void count(Trigger t, String actor) {
    int[] slot = beyond.get(t.name());
    if (slot == null) {
      if (beyond.isEmpty()) {
        runbook.note(
            Runbook.RUNBOOK_ACTOR,
            "more than "
                + JOINED_LINES
                + " alerts joined: each further one is counted on one line per alert name");
      }
      slot = new int[] {joined.size(), 0};
      beyond.put(t.name(), slot);
      joined.add(null);
    }
    slot[1]++;
    joined.set(
        slot[0],
        new JoinedReport(
            t,
            actor,
            slot[1] + " alert(s) of " + t.name() + " joined after the first " + JOINED_LINES,
            now()));
  }

  List<JoinedReport> lines() {
    return Collections.unmodifiableList(joined);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
