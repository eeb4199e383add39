package dev.drrunbooks.drill;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a drill proved: the achieved RTO and RPO against the plan's objectives and the task list's
 * success metrics, whether the fault was recognised for what it was, how long each step and each
 * wait for a person took, that the target is back as it was, and what to improve.
 *
 * @param stepSeconds the incident's steps, in order, with how long each took
 * @param waitSeconds the incident's waits for a person (its decision gates)
 * @param restored the target after cleanup compared with before the drill
 */
public record DrillReport(
    String drillId,
    String scenario,
    String service,
    String mode,
    List<String> participants,
    Instant startedAt,
    Instant endedAt,
    String incidentId,
    String incidentWorkflowId,
    String incidentStatus,
    String expected,
    String classified,
    String recovery,
    Long rtoSeconds,
    Long rpoSeconds,
    Double dataIntegrityPercent,
    List<Criterion> criteria,
    Map<String, Long> stepSeconds,
    Map<String, Long> waitSeconds,
    String restored,
    List<String> improvements,
    List<String> stored) {

  public DrillReport {
    participants = List.copyOf(participants);
    criteria = List.copyOf(criteria);
    improvements = List.copyOf(improvements);
    stored = stored == null ? List.of() : List.copyOf(stored);
  }

  public boolean passed() {
    return criteria.stream().allMatch(Criterion::met);
  }

  public DrillReport storedAt(List<String> locations) {
    return new DrillReport(
        drillId,
        scenario,
        service,
        mode,
        participants,
        startedAt,
        endedAt,
        incidentId,
        incidentWorkflowId,
        incidentStatus,
        expected,
        classified,
        recovery,
        rtoSeconds,
        rpoSeconds,
        dataIntegrityPercent,
        criteria,
        stepSeconds,
        waitSeconds,
        restored,
        improvements,
        locations);
  }

  /** E.g. {@code PASS app-failure: RTO 58s, RPO 0s, classified APPLICATION SEV1}. */
  public String oneLine() {
    return (passed() ? "PASS " : "FAIL ")
        + scenario
        + ": RTO "
        + (rtoSeconds == null ? "not recovered" : dev.drrunbooks.text.Durations.format(rtoSeconds))
        + ", RPO "
        + (rpoSeconds == null ? "not measured" : dev.drrunbooks.text.Durations.format(rpoSeconds))
        + ", classified "
        + classified
        + (passed()
            ? ""
            : " (missed: "
                + String.join(
                    ", ", criteria.stream().filter(c -> !c.met()).map(Criterion::name).toList())
                + ")");
  }
}
