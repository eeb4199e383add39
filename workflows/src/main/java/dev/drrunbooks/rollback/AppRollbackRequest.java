package dev.drrunbooks.rollback;

/**
 * Input of {@code AppRollback}: one JSON object, so it can be started from the Temporal UI, e.g.
 * {@code {"service":"sandbox","trigger":"manual","requestedBy":"ops-lead"}}.
 *
 * @param service the service profile's name (a file under {@code runbooks/})
 * @param revision roll back to this task-definition revision; null picks the last known stable one
 * @param desiredCount scale to this many tasks after the rollback; null keeps the current count
 * @param dryRun report what would be done; change nothing
 * @param incidentId the incident this run belongs to, if any
 * @param trigger why: {@code manual}, {@code health-check-failed}, {@code error-rate-spike} or
 *     {@code performance-degraded}; the profile's policy may let automatic triggers skip the gate
 * @param requestedBy who or what started the run
 * @param detectedAt when the failure was detected (an alert's start), if known: the RTO is measured
 *     from here
 */
public record AppRollbackRequest(
    String service,
    Integer revision,
    Integer desiredCount,
    boolean dryRun,
    String incidentId,
    String trigger,
    String requestedBy,
    java.time.Instant detectedAt)
    implements dev.drrunbooks.runbook.RunbookRequest {

  /** A request without a detection time: the RTO is measured from the run's start. */
  public AppRollbackRequest(
      String service,
      Integer revision,
      Integer desiredCount,
      boolean dryRun,
      String incidentId,
      String trigger,
      String requestedBy) {
    this(service, revision, desiredCount, dryRun, incidentId, trigger, requestedBy, null);
  }

  public static final String MANUAL = "manual";

  /** Triggers the task list names for rollback (section 1). */
  public static final java.util.List<String> TRIGGERS =
      java.util.List.of(MANUAL, "health-check-failed", "error-rate-spike", "performance-degraded");

  /** True when an alert, not a person, asked for this rollback. */
  public boolean automatic() {
    return !MANUAL.equals(triggerOrDefault());
  }

  public String triggerOrDefault() {
    return trigger == null || trigger.isBlank() ? MANUAL : trigger;
  }

  /**
   * What is wrong with this request, one message per problem naming the field; empty when it is
   * valid. The CLI checks it before starting a run and the workflow checks it again first thing.
   */
  @Override
  public java.util.List<String> problems() {
    java.util.List<String> problems = dev.drrunbooks.runbook.RunbookRequest.commonProblems(this);
    if (revision != null && revision < 1) {
      problems.add(
          "revision must be a task-definition revision of 1 or more (was " + revision + ")");
    }
    if (desiredCount != null && desiredCount < 1) {
      problems.add("desiredCount must be 1 or more (was " + desiredCount + ")");
    }
    if (!TRIGGERS.contains(triggerOrDefault())) {
      problems.add("trigger '" + trigger + "' is not one of " + String.join(", ", TRIGGERS));
    }
    return problems;
  }
}
