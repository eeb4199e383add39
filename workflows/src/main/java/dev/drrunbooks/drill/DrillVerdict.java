package dev.drrunbooks.drill;

import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentResponseWorkflow;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.TimelineEvent;
import dev.drrunbooks.sandbox.SandboxState;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.Check;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's verdict: each success criterion of the plan (RTO, RPO) and the task list (RTO, RPO,
 * data integrity), whether the fault was recognised, the service validated and the target restored,
 * and what to improve. Pure functions over what the drill saw.
 */
final class DrillVerdict {

  /** Task list's success metrics, beside the plan's objectives. */
  static final long TASK_LIST_RTO_SECONDS = 4 * 3600;

  static final long TASK_LIST_RPO_SECONDS = 15 * 60;
  static final double DATA_INTEGRITY_PERCENT = 99.999;

  static DrillReport report(
      DrillRequest request,
      Scenario scenario,
      ServiceProfile profile,
      Instant started,
      IncidentReport incident,
      SandboxState before,
      SandboxState after) {
    Long rto = incident == null ? null : incident.rtoSeconds();
    Long rpo = incident == null ? null : incident.rpoSeconds();
    Double integrity = integrity(incident);
    String classified = classified(incident);
    boolean recognised = recognised(scenario, incident);
    boolean restored = after != null && same(before, after);
    List<Criterion> criteria = criteria(scenario, profile, incident, before, after);
    Map<String, Long> steps = stepSeconds(incident == null ? List.of() : incident.timeline());
    Map<String, Long> waits = new LinkedHashMap<>();
    steps.forEach(
        (id, s) -> {
          if (id.startsWith(IncidentResponseWorkflow.DECIDE)) {
            waits.put(id, s);
          }
        });
    List<String> improvements =
        improvements(scenario, incident, classified, recognised, rto, steps);
    return new DrillReport(
        Workflow.getInfo().getWorkflowId(),
        scenario.cliName(),
        profile.name(),
        request.modeOrDefault(),
        request.participants(),
        started,
        now(),
        incident == null ? null : incident.incidentId(),
        incident == null ? null : incident.workflowId(),
        incident == null ? null : incident.status(),
        scenario.expected().name(),
        classified,
        incident == null || incident.recoveries().isEmpty()
            ? "none (" + (scenario.fixedByHand() ? "fixed by hand" : "no recovery run") + ")"
            : String.join(
                ", ",
                incident.recoveries().stream().map(r -> r.procedure() + " " + r.status()).toList()),
        rto,
        rpo,
        integrity,
        criteria,
        steps,
        waits,
        after == null
            ? "not proven (step " + DrillWorkflowImpl.VERIFY_RESTORED + " skipped)"
            : (restored ? "as before: " : "DIFFERENT: ") + after.oneLine(),
        improvements,
        List.of());
  }

  /** The plan's and the task list's success criteria, each with what the drill measured. */
  private static List<Criterion> criteria(
      Scenario scenario,
      ServiceProfile profile,
      IncidentReport incident,
      SandboxState before,
      SandboxState after) {
    Long rto = incident == null ? null : incident.rtoSeconds();
    Long rpo = incident == null ? null : incident.rpoSeconds();
    List<Criterion> criteria = new ArrayList<>();
    long planRto = profile.objectives().rtoMinutes() * 60L;
    long planRpo = profile.objectives().rpoMinutes() * 60L;
    criteria.add(
        new Criterion(
            "plan RTO",
            "<= " + Durations.format(planRto),
            text(rto),
            rto != null && rto <= planRto));
    criteria.add(
        new Criterion(
            "plan RPO",
            "<= " + Durations.format(planRpo),
            text(rpo),
            rpo != null && rpo <= planRpo));
    criteria.add(
        new Criterion(
            "task list RTO",
            "< " + Durations.format(TASK_LIST_RTO_SECONDS),
            text(rto),
            rto != null && rto < TASK_LIST_RTO_SECONDS));
    criteria.add(
        new Criterion(
            "task list RPO",
            "< " + Durations.format(TASK_LIST_RPO_SECONDS),
            text(rpo),
            rpo != null && rpo < TASK_LIST_RPO_SECONDS));
    Double integrity = integrity(incident);
    criteria.add(
        new Criterion(
            "data integrity",
            "> " + DATA_INTEGRITY_PERCENT + " %",
            integrity == null
                ? "not measured"
                : String.format(java.util.Locale.ROOT, "%.3f %%", integrity),
            integrity != null && integrity > DATA_INTEGRITY_PERCENT));
    String classified = classified(incident);
    boolean recognised = recognised(scenario, incident);
    criteria.add(
        new Criterion("fault recognised", scenario.expected().name(), classified, recognised));
    boolean resolved = incident != null && IncidentReport.RESOLVED.equals(incident.status());
    criteria.add(
        new Criterion(
            "service validated",
            "RESOLVED",
            incident == null ? "no incident" : incident.status(),
            resolved));
    // A person may skip the proof (it failed and they looked for themselves): then it is unproven.
    boolean restored = after != null && same(before, after);
    criteria.add(
        new Criterion(
            "target restored",
            before.oneLine(),
            after == null
                ? "not proven: step " + DrillWorkflowImpl.VERIFY_RESTORED + " was skipped"
                : after.oneLine(),
            restored));

    return criteria;
  }

  private static String classified(IncidentReport incident) {
    return incident == null || incident.classification() == null
        ? "not classified"
        : incident.classification().type() + " " + incident.classification().severity();
  }

  private static boolean recognised(Scenario scenario, IncidentReport incident) {
    return incident != null
        && incident.classification() != null
        && incident.classification().type() == scenario.expected();
  }

  /** What to improve: a fault not recognised, the step that took most of the RTO, and more. */
  private static List<String> improvements(
      Scenario scenario,
      IncidentReport incident,
      String classified,
      boolean recognised,
      Long rto,
      Map<String, Long> steps) {
    List<String> improvements = new ArrayList<>();
    if (!recognised) {
      improvements.add(
          "The assessment classified the injected "
              + scenario.fault()
              + " as "
              + classified
              + ", not "
              + scenario.expected()
              + ": look at its rules and at what the sources reported.");
    }
    if (rto != null && rto > 0) {
      steps.entrySet().stream()
          .max(Map.Entry.comparingByValue())
          .ifPresent(
              e ->
                  improvements.add(
                      "Step "
                          + e.getKey()
                          + " took "
                          + Durations.format(e.getValue())
                          + ", "
                          + (100 * e.getValue() / Math.max(1, rto))
                          + " % of the measured RTO."));
    }
    if (incident != null) {
      improvements.addAll(incident.improvements());
    }
    return improvements;
  }

  /** Each step of the incident with how long it took, from its first start to its last end. */
  static Map<String, Long> stepSeconds(List<TimelineEvent> timeline) {
    Map<String, Instant> first = new LinkedHashMap<>();
    Map<String, Instant> last = new HashMap<>();
    for (TimelineEvent e : timeline) {
      if (e.step() == null) {
        continue;
      }
      switch (e.type()) {
        case STEP_STARTED, GATE_WAITING -> first.putIfAbsent(e.step(), e.at());
        case STEP_DONE, STEP_SKIPPED, GATE_DECIDED, STEP_FAILED, STEP_CANCELED ->
            last.put(e.step(), e.at());
        default -> {}
      }
    }
    Map<String, Long> seconds = new LinkedHashMap<>();
    first.forEach(
        (step, at) -> {
          Instant end = last.get(step);
          if (end != null) {
            seconds.put(step, Math.max(0, Duration.between(at, end).toSeconds()));
          }
        });
    return seconds;
  }

  /**
   * From validation's data-integrity check: the share of compared issues that are not lost. When
   * the check passed, what is not yet in Notion is younger than the RPO (in flight, not lost); when
   * it failed, every missing issue counts as lost.
   */
  static Double integrity(IncidentReport incident) {
    if (incident == null) {
      return null;
    }
    for (Check c : incident.validationChecks()) {
      if ("data-integrity".equals(c.name()) && c.evidence().containsKey("compared")) {
        long compared = Long.parseLong(c.evidence().get("compared"));
        String missing = c.evidence().getOrDefault("missing", "");
        long missed = missing.isBlank() ? 0 : missing.trim().split("\\s+").length;
        if (compared == 0) {
          return null;
        }
        return c.passed() ? 100.0 : 100.0 * (compared - missed) / compared;
      }
    }
    return null;
  }

  static boolean same(SandboxState a, SandboxState b) {
    return java.util.Objects.equals(a.primaryRevision(), b.primaryRevision())
        && a.primaryDesired() == b.primaryDesired()
        && a.standbyDesired() == b.standbyDesired()
        && a.nameOnStandby() == b.nameOnStandby()
        && a.regionOutage() == b.regionOutage()
        && a.databaseOutage() == b.databaseOutage()
        && a.knownBadRevisions() == b.knownBadRevisions()
        && (a.knownBad() == null
            || b.knownBad() == null
            || java.util.Set.copyOf(a.knownBad()).equals(java.util.Set.copyOf(b.knownBad())));
  }

  private static String text(Long seconds) {
    return seconds == null ? "not measured" : Durations.format(seconds);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private DrillVerdict() {}
}
