package dev.drrunbooks.validation;

import dev.drrunbooks.validation.Check.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A validation's result: each check with its verdict and evidence, the overall verdict, and the
 * data loss measured on the way (the sync lag, against the RPO).
 *
 * @param overall PASS only when every check that ran passed; FAIL when any failed; NOT_ENOUGH_DATA
 *     when none failed but one could not judge yet
 * @param measuredRpoSeconds the sync lag: how old the oldest Gitee change missing from Notion was;
 *     null when the data could not be compared
 */
public record ValidationReport(
    String service, List<Check> checks, Verdict overall, Long measuredRpoSeconds, int rpoMinutes) {

  public ValidationReport {
    checks = List.copyOf(checks);
  }

  public static ValidationReport of(
      String service, List<Check> checks, Long measuredRpoSeconds, int rpoMinutes) {
    Verdict overall = Verdict.PASS;
    for (Check c : checks) {
      if (c.verdict() == Verdict.FAIL) {
        overall = Verdict.FAIL;
        break;
      }
      if (c.verdict() == Verdict.NOT_ENOUGH_DATA) {
        overall = Verdict.NOT_ENOUGH_DATA;
      }
    }
    return new ValidationReport(service, checks, overall, measuredRpoSeconds, rpoMinutes);
  }

  public boolean passed() {
    return overall == Verdict.PASS;
  }

  public List<Check> failed() {
    return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).toList();
  }

  /** E.g. {@code PASS: 7 checks passed, 1 skipped; sync lag 40s of RPO 5m}. */
  public String oneLine() {
    String counts =
        checks.stream()
            .collect(Collectors.groupingBy(Check::verdict, Collectors.counting()))
            .entrySet()
            .stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase().replace('_', ' '))
            .collect(Collectors.joining(", "));
    String failing =
        failed().isEmpty()
            ? ""
            : " (" + failed().stream().map(Check::name).collect(Collectors.joining(", ")) + ")";
    String lag =
        measuredRpoSeconds == null
            ? ""
            : "; sync lag "
                + dev.drrunbooks.text.Durations.format(measuredRpoSeconds)
                + " of RPO "
                + rpoMinutes
                + "m";
    return overall + ": " + counts + failing + lag;
  }
}
