package dev.drrunbooks.backup;

import java.util.List;

/** Sets deleted and kept by a prune. */
public record PruneResult(List<String> deleted, int kept, List<String> keptBecauseReferenced) {

  public String oneLine() {
    return "deleted "
        + deleted.size()
        + " set(s), kept "
        + kept
        + (keptBecauseReferenced.isEmpty()
            ? ""
            : " (" + keptBecauseReferenced.size() + " still referenced by incremental sets)");
  }
}
