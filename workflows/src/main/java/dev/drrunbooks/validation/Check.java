package dev.drrunbooks.validation;

import java.util.Map;

/**
 * One check of a validation and what it saw: never a bare boolean. Every procedure that judges a
 * recovery reports in this shape.
 *
 * @param name the check, e.g. {@code data-integrity}
 * @param verdict what it concluded
 * @param summary one line for the checklist and the report
 * @param evidence the facts behind the verdict (counts, ids, times), small and shown as they are
 */
public record Check(String name, Verdict verdict, String summary, Map<String, String> evidence) {

  /** What a check concluded. */
  public enum Verdict {
    PASS,
    FAIL,
    /** Nothing wrong seen, but not everything could be judged yet (too little traffic). */
    NOT_ENOUGH_DATA,
    /** Not run: not configured for this service, or skipped by a person (the summary says). */
    SKIPPED
  }

  public Check {
    evidence = dev.drrunbooks.runbook.Ordered.copy(evidence);
  }

  public static Check pass(String name, String summary, Map<String, String> evidence) {
    return new Check(name, Verdict.PASS, summary, evidence);
  }

  public static Check fail(String name, String summary, Map<String, String> evidence) {
    return new Check(name, Verdict.FAIL, summary, evidence);
  }

  public static Check skipped(String name, String why) {
    return new Check(name, Verdict.SKIPPED, why, Map.of());
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  public String oneLine() {
    return verdict + ": " + summary;
  }
}
