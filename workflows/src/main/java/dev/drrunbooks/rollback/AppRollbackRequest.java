package dev.drrunbooks.rollback;

/**
 * Input of {@code AppRollback}: one JSON object, so it can be started from the Temporal UI, e.g.
 * {@code {"service":"sandbox","trigger":"manual","requestedBy":"ops-lead"}}.
 *
 * @param service the service profile's name (a file under {@code runbooks/})
 * @param revision roll back to this task-definition revision ({@code 40}, or {@code family:40} for
 *     another task family); null picks the last known stable one. A revision tagged known-bad,
 *     newer than the current one or of another family is refused unless {@code force} says why
 * @param desiredCount scale to this many tasks after the rollback; null keeps the current count
 * @param dryRun report what would be done; change nothing
 * @param incidentId the incident this run belongs to, if any
 * @param trigger why: {@code manual}, {@code health-check-failed}, {@code error-rate-spike} or
 *     {@code performance-degraded}; the profile's policy may let automatic triggers skip the gate
 * @param requestedBy who or what started the run
 * @param detectedAt when the failure was detected (an alert's start), if known: the RTO is measured
 *     from here
 * @param strategy {@code all-at-once} or {@code gradual}; null takes the profile's default
 * @param force why a refused {@code revision} should be deployed anyway; recorded and shown at the
 *     gate, which it never lets a policy approve
 */
public record AppRollbackRequest(
    String service,
    String revision,
    Integer desiredCount,
    boolean dryRun,
    String incidentId,
    String trigger,
    String requestedBy,
    java.time.Instant detectedAt,
    String strategy,
    String force)
    implements dev.drrunbooks.runbook.RunbookRequest {

  /** The most tasks any request may ask for; the profile's {@code ecs.maxDesiredCount} is lower. */
  public static final int MAX_DESIRED_COUNT = 1000;

  private static final java.util.regex.Pattern REVISION =
      java.util.regex.Pattern.compile("(?:([A-Za-z0-9_-]{1,255}):)?([0-9]{1,9})");

  /** A request without strategy or force. */
  public AppRollbackRequest(
      String service,
      String revision,
      Integer desiredCount,
      boolean dryRun,
      String incidentId,
      String trigger,
      String requestedBy,
      java.time.Instant detectedAt) {
    this(
        service,
        revision,
        desiredCount,
        dryRun,
        incidentId,
        trigger,
        requestedBy,
        detectedAt,
        null,
        null);
  }

  /** A request without a detection time: the RTO is measured from the run's start. */
  public AppRollbackRequest(
      String service,
      String revision,
      Integer desiredCount,
      boolean dryRun,
      String incidentId,
      String trigger,
      String requestedBy) {
    this(service, revision, desiredCount, dryRun, incidentId, trigger, requestedBy, null);
  }

  /** The revision number asked for, or null. */
  public Integer revisionNumber() {
    if (revision == null || revision.isBlank()) {
      return null;
    }
    java.util.regex.Matcher m = REVISION.matcher(revision.trim());
    return m.matches() ? Integer.valueOf(m.group(2)) : null;
  }

  /** The task family named with the revision ({@code family:40}), or null for the profile's. */
  public String revisionFamily() {
    if (revision == null) {
      return null;
    }
    java.util.regex.Matcher m = REVISION.matcher(revision.trim());
    return m.matches() ? m.group(1) : null;
  }

  public boolean forced() {
    return force != null && !force.isBlank();
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
    if (revision != null
        && (!REVISION.matcher(revision.trim()).matches() || revisionNumber() < 1)) {
      problems.add(
          "revision must be a task-definition revision of 1 or more, as 40 or family:40 (was '"
              + revision
              + "')");
    }
    if (desiredCount != null && (desiredCount < 1 || desiredCount > MAX_DESIRED_COUNT)) {
      problems.add(
          "desiredCount must be from 1 to "
              + MAX_DESIRED_COUNT
              + " (was "
              + desiredCount
              + "); the profile's ecs.maxDesiredCount may allow fewer");
    }
    if (strategy != null
        && !dev.drrunbooks.profile.ServiceProfile.Ecs.STRATEGIES.contains(strategy)) {
      problems.add(
          "strategy '"
              + strategy
              + "' is not one of "
              + String.join(", ", dev.drrunbooks.profile.ServiceProfile.Ecs.STRATEGIES));
    }
    if (force != null && force.isBlank()) {
      problems.add("force needs a reason: why deploy a revision the checks refuse");
    }
    if (force != null && force.length() > 500) {
      problems.add("force reason is longer than 500 characters");
    }
    if (!TRIGGERS.contains(triggerOrDefault())) {
      problems.add("trigger '" + trigger + "' is not one of " + String.join(", ", TRIGGERS));
    }
    return problems;
  }
}
