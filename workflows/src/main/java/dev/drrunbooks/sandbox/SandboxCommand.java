package dev.drrunbooks.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code SandboxControl}: look at the practice sandbox, break it on purpose, or reset it.
 * One JSON object, e.g. {@code {"action":"break","fault":"bad-release","actor":"alice"}}.
 *
 * @param action {@code show}, {@code break} or {@code reset}
 * @param service a profile whose target is {@code sandbox} (default {@code sandbox})
 * @param fault for {@code break}: one of {@link #FAULTS}
 * @param actor who practises
 * @param restoreTo with {@code restore}: the state to put back (what a drill found before it began)
 */
public record SandboxCommand(
    String action, String service, String fault, String actor, SandboxState restoreTo) {

  public SandboxCommand(String action, String service, String fault, String actor) {
    this(action, service, fault, actor, null);
  }

  /** What a drill does when it ends: puts back the state it found, not the factory one. */
  public static final String RESTORE = "restore";

  /**
   * {@code heal} ends a region or database outage and leaves everything else (the name, the
   * standby) as it is, so a failback can be practised; {@code reset} starts over.
   */
  public static final List<String> ACTIONS = List.of("show", "break", "heal", "reset");

  /** The faults the sandbox can simulate; more come with the procedures that recover from them. */
  public static final List<String> FAULTS =
      List.of(
          "bad-release",
          "region-outage",
          "database-outage",
          "database-deleted",
          "config-loss",
          "corrupt-backup");

  public String serviceOrDefault() {
    return service == null || service.isBlank() ? "sandbox" : service;
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (RESTORE.equals(action)) {
      if (restoreTo == null || restoreTo.primaryRevision() == null) {
        problems.add("restore needs the state to restore (a drill's baseline)");
      }
    } else if (!ACTIONS.contains(action)) {
      problems.add("action must be one of " + ACTIONS + " (was '" + action + "')");
    }
    if ("break".equals(action) && !FAULTS.contains(fault)) {
      problems.add("fault must be one of " + FAULTS + " (was '" + fault + "')");
    }
    return problems;
  }
}
