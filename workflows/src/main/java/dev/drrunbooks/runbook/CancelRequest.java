package dev.drrunbooks.runbook;

/**
 * Input of the {@code cancelReason} signal that {@code runbook cancel} sends just before Temporal's
 * cancellation, so the run can say who canceled it and why: one JSON object, e.g. {@code
 * {"actor":"ops-lead","reason":"wrong service","osUser":"alice","host":"ops-laptop"}}. A signal,
 * not an update: it is recorded even while no worker runs, and the cancellation follows it.
 *
 * @param actor the name typed with {@code --as}
 * @param reason why the run is canceled
 * @param osUser the operating-system user the CLI ran as (recorded beside the typed name)
 * @param host the host the CLI ran on
 */
public record CancelRequest(String actor, String reason, String osUser, String host) {

  /** One line: who, from where, and why. */
  public String describe() {
    String who = actor == null || actor.isBlank() ? "someone" : actor;
    String where = osUser == null ? "" : " (" + osUser + (host == null ? "" : "@" + host) + ")";
    return who + where + (reason == null || reason.isBlank() ? "" : ": " + reason);
  }
}
