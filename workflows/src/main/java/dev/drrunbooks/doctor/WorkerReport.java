package dev.drrunbooks.doctor;

import java.util.List;

/**
 * What a worker says about itself for {@code runbook doctor}: read-only checks, run where the
 * runbooks run (the worker's profiles and AWS credentials, not the CLI's).
 *
 * @param worker the worker's identity (pid@host)
 * @param profilesDir where it reads service profiles
 * @param checks one line per check, each starting with {@code OK}, {@code WARN} or {@code FAIL}
 */
public record WorkerReport(String worker, String profilesDir, List<String> checks) {

  public boolean healthy() {
    return checks.stream().noneMatch(c -> c.startsWith("FAIL"));
  }
}
