package dev.drrunbooks.service;

/**
 * One target after a restore. {@code previousVersion} is the S3 version the target had before (what
 * an undo puts back); null when it did not exist or was not changed.
 */
public record RestoredFile(
    String name,
    String uri,
    boolean changed,
    String previousVersion,
    String version,
    String sha256) {

  public String oneLine() {
    return name + " -> " + uri + (changed ? " (written)" : " (already equal)");
  }
}
