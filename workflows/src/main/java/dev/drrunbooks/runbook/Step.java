package dev.drrunbooks.runbook;

import java.util.Set;

/**
 * A step of a procedure's plan.
 *
 * @param id stable, used by updates and the CLI ({@code --step}, {@code --gate})
 * @param title what the runbook says, as the checklist shows it
 * @param skippable whether an operator may skip it after it failed; false when later steps need its
 *     result
 * @param endsRunOn failure types that end the run at once when this step fails with them: they say
 *     that waiting for a person cannot help (the service does not exist, nothing qualifies). Every
 *     other failure waits for {@code resolveStep}.
 */
public record Step(
    String id, String title, StepKind kind, boolean skippable, Set<String> endsRunOn) {

  public Step {
    endsRunOn = endsRunOn == null ? Set.of() : Set.copyOf(endsRunOn);
  }

  /** A step an operator may skip after it failed. */
  public static Step of(String id, String title) {
    return new Step(id, title, StepKind.STEP, true, Set.of());
  }

  /** A step whose result later steps need, so an operator may retry or abort it, not skip it. */
  public static Step required(String id, String title) {
    return new Step(id, title, StepKind.STEP, false, Set.of());
  }

  /** An approval gate, decided through the {@code approve} update. */
  public static Step gate(String id, String title) {
    return new Step(id, title, StepKind.GATE, false, Set.of());
  }

  static Step cleanup(String id, String title) {
    return new Step(id, title, StepKind.CLEANUP, true, Set.of());
  }

  /** The same step, ending the run when it fails with one of these types. */
  public Step endsRunOn(String... types) {
    return new Step(id, title, kind, skippable, Set.of(types));
  }

  /** True when a failure of this type ends the run instead of waiting for an operator. */
  public boolean ends(String failureType) {
    return failureType != null
        && (FailureTypes.ALWAYS_TERMINAL.contains(failureType) || endsRunOn.contains(failureType));
  }
}
