package dev.drrunbooks.backup;

import java.util.List;

/**
 * A test restore's evidence: each object copied to a scratch prefix, read back and compared byte
 * for byte with the set's copy; the scratch prefix is removed afterwards.
 */
public record ScratchRestore(
    String setId, String scratchPrefix, int objects, long bytes, List<String> problems) {

  public boolean matches() {
    return problems.isEmpty();
  }

  public String oneLine() {
    return matches()
        ? objects + " object(s), " + bytes + " bytes restored to " + scratchPrefix + " and equal"
        : "test restore differs: " + String.join("; ", problems);
  }
}
