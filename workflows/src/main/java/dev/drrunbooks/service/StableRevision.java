package dev.drrunbooks.service;

import java.util.List;

/**
 * The revision chosen for rollback, and why.
 *
 * @param family the task family of the chosen revision
 * @param image the container image(s) of the chosen revision
 * @param currentImage the container image(s) of the revision the service runs now
 * @param overridden the checks a forced request overrode (empty when none)
 */
public record StableRevision(
    int revision,
    String taskDefinitionArn,
    String reason,
    List<Integer> skipped,
    String family,
    String image,
    String currentImage,
    List<String> overridden) {

  /** A choice without images, as runs recorded before images were read. */
  public StableRevision(
      int revision, String taskDefinitionArn, String reason, List<Integer> skipped) {
    this(revision, taskDefinitionArn, reason, skipped, null, null, null, List.of());
  }
}
