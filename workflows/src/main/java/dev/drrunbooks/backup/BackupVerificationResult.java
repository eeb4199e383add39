package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.StepView;
import java.util.List;

/** Each check of a backup verification with its evidence, and the verdict. */
public record BackupVerificationResult(
    String service,
    boolean passed,
    String setId,
    List<Check> checks,
    long elapsedSeconds,
    List<StepView> steps) {

  /** One check: passed or not, and what proves it. */
  public record Check(String name, boolean passed, String evidence) {
    /** The check's line on the checklist: a failed check is marked, though its step is done. */
    public String oneLine() {
      return (passed ? "pass: " : "FAIL: ") + evidence;
    }
  }

  public String oneLine() {
    long failed = checks.stream().filter(c -> !c.passed()).count();
    return (passed ? "PASSED" : "FAILED")
        + ": "
        + (checks.size() - failed)
        + "/"
        + checks.size()
        + " checks"
        + (failed == 0
            ? ""
            : " ("
                + String.join(
                    "; ",
                    checks.stream()
                        .filter(c -> !c.passed())
                        .map(c -> c.name() + ": " + c.evidence())
                        .toList())
                + ")");
  }
}
