package dev.drrunbooks.backup;

import java.util.List;

/**
 * A set checked against its manifest: every object read back and hashed. {@code problems} names
 * each object that is missing or whose bytes differ, e.g. {@code env: SHA-256 1f2e… in the
 * manifest, 9a8b… stored}; empty means intact. {@code manifest} is null when it could not be read.
 */
public record SetCheck(
    String setId, boolean intact, List<String> problems, BackupManifest manifest) {

  public String oneLine() {
    return intact
        ? "set " + setId + " intact: " + manifest.oneLine()
        : "set " + setId + " damaged: " + String.join("; ", problems);
  }
}
