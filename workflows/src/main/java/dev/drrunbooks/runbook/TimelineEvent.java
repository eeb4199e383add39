package dev.drrunbooks.runbook;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a run's append-only timeline: what happened, to which step, who did it, when. The
 * checklist, the Markdown in the Temporal UI and every report are folded from these events, so they
 * can never disagree with each other.
 *
 * @param seq position in the timeline, from 1
 * @param step the step concerned, or null for run-level events
 * @param actor who did it: a person, {@code policy}, {@code runbook} (the workflow itself)
 * @param detail one line for people
 * @param facts small structured facts (evidence, failure type, attempt number, decision)
 */
public record TimelineEvent(
    int seq,
    Instant at,
    Type type,
    String step,
    String actor,
    String detail,
    Map<String, String> facts) {

  public enum Type {
    RUN_STARTED,
    PROFILE_LOADED,
    STEP_ADDED,
    STEP_STARTED,
    STEP_DONE,
    STEP_FAILED,
    STEP_SKIPPED,
    STEP_CANCELED,
    CHILD_STARTED,
    GATE_WAITING,
    GATE_DECIDED,
    STEP_RESOLVED,
    CLEANUP_REGISTERED,
    CLEANUP_RELEASED,
    NOTE,
    NOTIFICATION_SENT,
    NOTIFICATION_FAILED,
    CANCEL_REQUESTED,
    RUN_ENDED
  }

  /** Fact keys used by the fold. */
  public static final String KIND = "kind";

  public static final String TITLE = "title";
  public static final String SKIPPABLE = "skippable";
  public static final String AFTER = "after";
  public static final String FAILURE_TYPE = "failureType";
  public static final String AWAITING_DECISION = "awaitingDecision";
  public static final String DECISION = "decision";

  /** Where a decision came from: the CLI's {@code osUser@host}, beside the typed name. */
  public static final String VIA = "via";

  public static final String WORKFLOW_ID = "workflowId";
  public static final String PROTECTS = "protects";
  public static final String ATTEMPT = "attempt";

  /** On a done step whose evidence could not be gathered: why (bookkeeping never fails a run). */
  public static final String EVIDENCE_FAILED = "evidenceFailed";

  public String fact(String key) {
    return facts == null ? null : facts.get(key);
  }
}
